using System.Text;
using Rethink.Core;
using Rethink.Evaluation.Datasets;

namespace Rethink.Evaluation.Tests.Datasets;

public sealed class ReaderErrorTests : IDisposable
{
    private readonly TempJsonl _files = new();

    public void Dispose() => _files.Dispose();

    private static DatasetReader Skipping(IDatasetFormat format) =>
        new(format, new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip });

    private const string Good = """{"id": "ok", "question": "Q", "answer": "#### 1"}""";

    [Theory]
    [InlineData("{\"id\": \"a\", \"question\": \"Q\", \"answer\": \"#### 1\"", null, "invalid JSON")]
    [InlineData("""[1, 2]""", null, "expected a JSON object, found an array")]
    [InlineData("""{"id": "a", "answer": "#### 1"}""", "question", "the field is missing")]
    [InlineData("""{"id": "a", "question": "   ", "answer": "#### 1"}""", "question", "the string is empty")]
    [InlineData("""{"id": "a", "question": 5, "answer": "#### 1"}""", "question", "expected a string, found a number")]
    [InlineData("""{"id": "a", "question": "Q", "answer": "no marker"}""", "answer", "no final '#### <answer>' line")]
    [InlineData("""{"id": "a", "question": "Q", "answer": "x ####  "}""", "answer", "nothing follows")]
    [InlineData("""{"id": true, "question": "Q", "answer": "#### 1"}""", "id", "expected a string or an integer id, found a boolean")]
    [InlineData("""{"id": "", "question": "Q", "answer": "#### 1"}""", "id", "the id is empty")]
    [InlineData("""{"id": "ok", "question": "Q2", "answer": "#### 2"}""", "id", "duplicate id 'ok' (first used on line 1)")]
    [InlineData("""{"id": "a", "question": "Q", "question": "Q", "answer": "#### 1"}""", null, "invalid JSON")]
    public void Gsm8k_errors_name_file_line_and_field(string badLine, string? field, string message)
    {
        var path = _files.Write("bad.jsonl", Good, "", badLine, """{"id": "z", "question": "Q3", "answer": "#### 3"}""");

        var result = Skipping(new Gsm8kFormat()).Load(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(["ok", "z"], result.Items.Select(p => p.Id));
    }

    [Theory]
    [InlineData("""{"problem": "P", "solution": "no box"}""", "solution", "no non-empty \\boxed")]
    [InlineData("""{"problem": "P"}""", "solution", "the field is missing and there is no answer field")]
    [InlineData("""{"problem": "P", "solution": "\\boxed{}"}""", "solution", "no non-empty")]
    [InlineData("""{"problem": "P", "answer": [1]}""", "answer", "expected a string or a number, found an array")]
    [InlineData("""{"solution": "\\boxed{1}"}""", "problem", "the field is missing")]
    public void Math_errors(string line, string field, string message)
    {
        var error = Assert.Single(Skipping(new MathFormat()).Load(_files.Write("m.jsonl", line)).Errors);

        Assert.Equal(1, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"question": "Q", "answer": "A"}""", "choices", "the field is missing")]
    [InlineData("""{"question": "Q", "choices": ["only"], "answer": "A"}""", "choices", "expected 2 to 10 options, found 1")]
    [InlineData("""{"question": "Q", "choices": ["x", 3], "answer": "A"}""", "choices", "element 1 is a number")]
    [InlineData("""{"question": "Q", "choices": "x,y", "answer": "A"}""", "choices", "expected an array of strings, found a string")]
    [InlineData("""{"question": "Q", "choices": ["x", " "], "answer": "A"}""", "choices", "option B is empty")]
    [InlineData("""{"question": "Q", "A": "x", "B": "", "answer": "A"}""", "B", "option B is empty")]
    [InlineData("""{"question": "Q", "choices": ["x", "y"], "answer": "C"}""", "answer", "outside the 2 options")]
    [InlineData("""{"question": "Q", "choices": ["x", "y"], "answer": 2}""", "answer", "outside the 2 options")]
    [InlineData("""{"question": "Q", "choices": ["x", "y"], "answer": -1}""", "answer", "outside the 2 options")]
    [InlineData("""{"question": "Q", "choices": ["x", "y"], "answer": "1"}""", "answer", "expected an option letter or a JSON integer")]
    [InlineData("""{"question": "Q", "choices": ["x", "y"], "answer": 0.5}""", "answer", "expected a 0-based option index")]
    [InlineData("""{"question": "Q", "choices": ["x", "y"]}""", "answer", "the field is missing")]
    public void Mc_errors(string line, string field, string message)
    {
        var error = Assert.Single(Skipping(new MultipleChoiceFormat()).Load(_files.Write("c.jsonl", line)).Errors);

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_errors_name_the_mapped_field()
    {
        var mapping = new FieldMapping { QuestionField = "prompt", AnswerField = "gold", Kind = AnswerKind.Numeric };
        var path = _files.Write("j.jsonl", """{"prompt": "Q"}""", """{"prompt": "Q2", "gold": ""}""", """{"question": "Q3", "gold": "1"}""");

        var errors = Skipping(new JsonlFormat(mapping)).Load(path).Errors;

        Assert.Equal([("gold", 1, "the field is missing"), ("gold", 2, "the answer is empty"), ("prompt", 3, "the field is missing")],
            errors.Select(e => (e.Field!, e.Line, e.Message)));
    }

    [Fact]
    public void Stop_policy_throws_at_the_first_bad_line_with_the_error()
    {
        var path = _files.Write("s.jsonl", Good, """{"id": "b"}""", "not json");
        var reader = new DatasetReader(new Gsm8kFormat());
        var seen = new List<string>();

        var e = Assert.Throws<DatasetException>(() =>
        {
            foreach (var problem in reader.ReadProblems(path))
            {
                seen.Add(problem.Id);
            }
        });

        Assert.Equal(["ok"], seen);
        Assert.Equal(new DatasetError(path, 2, "question", "the field is missing"), e.Error);
        Assert.Equal($"{path}:2: field 'question': the field is missing", e.Message);
    }

    [Fact]
    public void Skip_policy_reports_every_bad_line_in_order()
    {
        var path = _files.Write("s.jsonl", "{", Good, """{"id": "b"}""", "", "42", Good);

        var result = Skipping(new Gsm8kFormat()).Load(path);

        Assert.Equal([1, 3, 5, 6], result.Errors.Select(e => e.Line));
        Assert.Equal(["ok"], result.Items.Select(p => p.Id));
    }

    [Fact]
    public void Bom_crlf_blank_lines_and_a_missing_final_newline_are_accepted()
    {
        var content = "\r\n" + Good + "\r\n   \r\n" + """{"id": "two", "question": "Q", "answer": "#### 2"}""";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(content)).ToArray();
        var path = _files.WriteBytes("bom.jsonl", bytes);

        var entries = new DatasetReader(new Gsm8kFormat()).ReadEntries(path).ToList();

        Assert.Equal([2, 4], entries.Select(e => e.Line));
        Assert.All(entries, e => Assert.Null(e.Error));
        Assert.Equal("2", entries[1].Item!.Reference.Answer);
    }

    [Fact]
    public void Invalid_utf8_is_reported_on_its_line_and_reading_goes_on()
    {
        var bytes = Encoding.UTF8.GetBytes(Good + "\n{\"id\": \"x\", \"question\": \"")
            .Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\", \"answer\": \"#### 1\"}\n{\"id\": \"y\", \"question\": \"Q\", \"answer\": \"#### 5\"}\n"))
            .ToArray();

        var result = Skipping(new Gsm8kFormat()).Load(_files.WriteBytes("utf.jsonl", bytes));

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("the line is not valid UTF-8", error.Message);
        Assert.Equal(["ok", "y"], result.Items.Select(p => p.Id));
    }

    [Fact]
    public void Over_long_line_ends_the_read_even_when_skipping()
    {
        var longLine = "{\"id\": \"long\", \"question\": \"" + new string('x', 300) + "\", \"answer\": \"#### 1\"}";
        var path = _files.Write("long.jsonl", Good, longLine, """{"id": "after", "question": "Q", "answer": "#### 1"}""");
        var reader = new DatasetReader(new Gsm8kFormat(), new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip, MaxLineBytes = 100 });

        var e = Assert.Throws<DatasetException>(() => reader.Load(path));

        Assert.Equal(new DatasetError(path, 2, null, "the line is longer than the limit of 100 bytes; reading stopped there"), e.Error);
    }

    public static TheoryData<string> Readers => ["dataset", "responses", "code samples"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void Input_that_never_ends_a_line_stops_at_the_limit(string kind)
    {
        const int limit = 1 << 20;
        var options = new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip, MaxLineBytes = limit };
        var stream = new EndlessStream((byte)'x', guard: 64L * limit);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var e = Assert.Throws<DatasetException>(() => (kind switch
        {
            "dataset" => new DatasetReader(new Gsm8kFormat(), options).ReadEntries(stream, "zero", timeout.Token).Select(x => x.Error),
            "responses" => new ResponsesReader(options).ReadEntries(stream, "zero", null, timeout.Token).Select(x => x.Error),
            _ => new CodeSamplesReader(options).ReadEntries(stream, "zero", null, timeout.Token).Select(x => x.Error),
        }).ToList());

        Assert.Equal("zero:1: the line is longer than the limit of 1048576 bytes; reading stopped there", e.Message);
        Assert.InRange(stream.BytesRead, limit, limit + (2 * 64 * 1024));
    }

    [Fact]
    public void Excessive_nesting_is_a_json_error_not_a_crash()
    {
        var deep = "{\"id\": \"d\", \"x\": " + new string('[', 200) + new string(']', 200) + ", \"question\": \"Q\", \"answer\": \"#### 1\"}";

        var error = Assert.Single(Skipping(new Gsm8kFormat()).Load(_files.Write("deep.jsonl", deep)).Errors);

        Assert.StartsWith("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_is_lazy_so_a_huge_file_is_not_loaded_to_get_the_first_items()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $$"""{"id": "p{{i}}", "question": "Q{{i}}", "answer": "#### {{i}}"}""").ToArray();
        var path = _files.Write("big.jsonl", lines);

        var firstThree = new DatasetReader(new Gsm8kFormat()).ReadProblems(path).Take(3).Select(p => p.Id).ToList();

        Assert.Equal(["p0", "p1", "p2"], firstThree);
    }

    [Fact]
    public void Missing_file_is_an_io_error()
    {
        var reader = new DatasetReader(new Gsm8kFormat());

        Assert.Throws<FileNotFoundException>(() => reader.Load(Path.Join(Path.GetTempPath(), "rethink-does-not-exist.jsonl")));
    }
}
