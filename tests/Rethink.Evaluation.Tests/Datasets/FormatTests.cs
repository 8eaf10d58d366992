using Rethink.Core;
using Rethink.Evaluation.Datasets;

namespace Rethink.Evaluation.Tests.Datasets;

public sealed class FormatTests : IDisposable
{
    private readonly TempJsonl _files = new();

    public void Dispose() => _files.Dispose();

    private static IReadOnlyList<Problem> Load(string path, string format, FieldMapping? mapping = null) =>
        new DatasetReader(DatasetFormats.Get(format, mapping)).Load(path).Items;

    [Fact]
    public void Gsm8k_takes_the_number_after_the_last_marker_and_keeps_the_solution()
    {
        var path = _files.Write(
            "g.jsonl",
            """{"id": "g1", "question": "Tom has 3 bags of 4 apples. How many apples?", "answer": "3 * 4 = 12\n#### 12"}""",
            """{"id": 7, "question": "Q2", "answer": "Step #### not this\nthen\n#### 1,200", "grade": 3}""");

        var problems = Load(path, "gsm8k");

        Assert.Equal(2, problems.Count);
        Assert.Equal("g1", problems[0].Id);
        Assert.Equal("Tom has 3 bags of 4 apples. How many apples?", problems[0].Question);
        Assert.Equal(AnswerKind.Numeric, problems[0].Reference.Kind);
        Assert.Equal("12", problems[0].Reference.Answer);
        Assert.Equal("3 * 4 = 12\n#### 12", problems[0].Reference.Solution);
        Assert.Equal("7", problems[1].Id);
        Assert.Equal("1,200", problems[1].Reference.Answer);
        Assert.Equal("3", problems[1].Metadata["grade"]);
        Assert.Single(problems[0].Messages);
    }

    [Fact]
    public void Math_takes_the_last_boxed_content_with_nested_braces_unless_an_answer_field_is_given()
    {
        var path = _files.Write(
            "m.jsonl",
            """{"id": "m1", "problem": "Simplify 6/8.", "solution": "First \\boxed{x}, finally $\\boxed{\\frac{3}{4}}$.", "level": "Level 2", "type": "Prealgebra"}""",
            """{"id": "m2", "problem": "P", "solution": "\\boxed{5}", "answer": "6"}""",
            """{"id": "m3", "problem": "P", "answer": 2.5}""");

        var problems = Load(path, "math");

        Assert.Equal("\\frac{3}{4}", problems[0].Reference.Answer);
        Assert.Equal("Level 2", problems[0].Metadata["level"]);
        Assert.Equal("Prealgebra", problems[0].Metadata["type"]);
        Assert.Equal("6", problems[1].Reference.Answer);
        Assert.Equal("2.5", problems[2].Reference.Answer);
        Assert.Null(problems[2].Reference.Solution);
        Assert.All(problems, p => Assert.Equal(AnswerKind.Numeric, p.Reference.Kind));
    }

    [Fact]
    public void Mc_reads_an_array_or_letter_fields_and_a_letter_or_an_index()
    {
        var path = _files.Write(
            "c.jsonl",
            """{"id": "c1", "question": "Largest planet?", "choices": ["Mars", "Jupiter", "Venus", "Earth"], "answer": "B", "subject": "astronomy"}""",
            """{"id": "c2", "question": "2 + 2?", "A": "3", "B": "5", "C": "4", "D": "22", "answer": 2}""",
            """{"id": "c3", "question": "Q", "choices": ["x", "y"], "answer": "(b)"}""");

        var problems = Load(path, "mc");

        Assert.Equal("B", problems[0].Reference.Answer);
        Assert.Equal(["Mars", "Jupiter", "Venus", "Earth"], problems[0].Reference.Choices);
        Assert.Equal("Largest planet?\n\nA. Mars\nB. Jupiter\nC. Venus\nD. Earth", problems[0].Question);
        Assert.Equal("astronomy", problems[0].Metadata["subject"]);
        Assert.Equal("C", problems[1].Reference.Answer);
        Assert.Equal(["3", "5", "4", "22"], problems[1].Reference.Choices);
        Assert.False(problems[1].Metadata.ContainsKey("A"));
        Assert.Equal("B", problems[2].Reference.Answer);
        Assert.All(problems, p => Assert.Equal(AnswerKind.Choice, p.Reference.Kind));
    }

    [Fact]
    public void Generic_jsonl_reads_a_given_answer_to_critique_and_names_a_bad_one()
    {
        var path = _files.Write(
            "j.jsonl",
            """{"id": "a", "question": "2+3?", "answer": "5", "given_answer": "2+3=6\nAnswer: 6", "error_location": 1, "topic": "sums"}""",
            """{"id": "b", "question": "2+2?", "answer": "4", "given_answer": "2+2=5", "error_location": "step 1"}""",
            """{"id": "c", "question": "2+1?", "answer": "3"}""");

        var problems = Load(path, "jsonl");

        Assert.Equal("2+3=6\nAnswer: 6", problems[0].GivenAnswer);
        Assert.Equal("1", problems[0].GivenAnswerErrorLocation);
        Assert.Equal(new Dictionary<string, string> { ["topic"] = "sums" }, problems[0].Metadata);
        Assert.Equal("step 1", problems[1].GivenAnswerErrorLocation);
        Assert.Null(problems[2].GivenAnswer);
        Assert.Null(problems[2].GivenAnswerErrorLocation);

        var bad = _files.Write("bad.jsonl", """{"id": "a", "question": "2+3?", "answer": "5"}""", """{"id": "b", "question": "2+2?", "answer": "4", "given_answer": 4}""");
        var e = Assert.Throws<DatasetException>(() => Load(bad, "jsonl"));
        Assert.Contains("bad.jsonl:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("given_answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_jsonl_uses_the_mapping()
    {
        var path = _files.Write(
            "j.jsonl",
            """{"key": "q-1", "prompt": "Capital of France?", "gold": "Paris", "sys": "Answer in one word.", "why": "It is.", "topic": "geo"}""",
            """{"key": "q-2", "prompt": "Year?", "gold": 1969, "sys": null}""");
        var mapping = new FieldMapping
        {
            IdField = "key",
            QuestionField = "prompt",
            AnswerField = "gold",
            SolutionField = "why",
            SystemField = "sys",
            Kind = AnswerKind.Exact,
        };

        var problems = Load(path, "jsonl", mapping);

        Assert.Equal("q-1", problems[0].Id);
        Assert.Equal([Message.System("Answer in one word."), Message.User("Capital of France?")], problems[0].Messages);
        Assert.Equal("Paris", problems[0].Reference.Answer);
        Assert.Equal("It is.", problems[0].Reference.Solution);
        Assert.Equal(AnswerKind.Exact, problems[0].Reference.Kind);
        Assert.Equal(new Dictionary<string, string> { ["topic"] = "geo" }, problems[0].Metadata);
        Assert.Equal("1969", problems[1].Reference.Answer);
        Assert.Single(problems[1].Messages);
    }

    [Fact]
    public void Generic_jsonl_with_choice_kind_shows_options_and_reads_an_index()
    {
        var path = _files.Write("j.jsonl", """{"id": "a", "question": "Pick", "options": ["one", "two", "three"], "answer": 0}""");
        var mapping = new FieldMapping { ChoicesField = "options", Kind = AnswerKind.Choice };

        var problem = Assert.Single(Load(path, "jsonl", mapping));

        Assert.Equal("A", problem.Reference.Answer);
        Assert.Equal("Pick\n\nA. one\nB. two\nC. three", problem.Question);
    }

    [Fact]
    public void Generic_jsonl_with_no_answer_kind_needs_no_answer()
    {
        var path = _files.Write("j.jsonl", """{"id": "a", "question": "Write a haiku."}""");

        var problem = Assert.Single(Load(path, "jsonl", new FieldMapping { AnswerField = null, Kind = AnswerKind.None }));

        Assert.Null(problem.Reference.Answer);
        Assert.Equal(AnswerKind.None, problem.Reference.Kind);
    }

    [Fact]
    public void Unknown_format_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetFormats.Get("csv"));

        Assert.Contains("Unknown dataset format 'csv'", e.Message, StringComparison.Ordinal);
        Assert.Contains("gsm8k, math, mc, jsonl", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GSM8K", "gsm8k")]
    [InlineData(" math ", "math")]
    [InlineData("mc", "mc")]
    [InlineData("jsonl", "jsonl")]
    public void Format_names_are_case_insensitive(string name, string expected) =>
        Assert.Equal(expected, DatasetFormats.Get(name).Name);

    [Fact]
    public void Missing_ids_get_a_content_hash_that_survives_reordering()
    {
        var a = """{"question": "Q1", "answer": "x\n#### 1"}""";
        var b = """{"question": "Q2", "answer": "y\n#### 2"}""";
        var first = Load(_files.Write("1.jsonl", a, b), "gsm8k");
        var second = Load(_files.Write("2.jsonl", b, "", a), "gsm8k");

        Assert.Matches("^h-[0-9a-f]{16}$", first[0].Id);
        Assert.Equal(first[0].Id, second[1].Id);
        Assert.Equal(first[1].Id, second[0].Id);
        Assert.NotEqual(first[0].Id, first[1].Id);
    }

    [Fact]
    public void Missing_ids_can_be_line_numbers()
    {
        var path = _files.Write("l.jsonl", "", """{"question": "Q1", "answer": "#### 1"}""");
        var reader = new DatasetReader(new Gsm8kFormat(), new DatasetReadOptions { MissingIds = MissingIdPolicy.LineNumber });

        Assert.Equal("line-2", Assert.Single(reader.Load(path).Items).Id);
    }
}
