using System.IO.Compression;
using System.Text;
using Rethink.Core;
using Rethink.Evaluation.Datasets;

namespace Rethink.Evaluation.Tests.Datasets;

public sealed class CodeFormatTests : IDisposable
{
    private const string HumanEvalLine =
        """{"task_id": "HumanEval/0", "prompt": "from typing import List\n\ndef inc(x: int) -> int:\n    \"\"\"Add one.\n    >>> inc(1)\n    2\n    \"\"\"\n", "canonical_solution": "    return x + 1\n", "test": "\n\nMETADATA = {}\n\n\ndef check(candidate):\n    assert candidate(1) == 2\n", "entry_point": "inc"}""";

    private const string MbppLine =
        """{"task_id": 11, "text": "Write a function to add two numbers.", "code": "def helper(a):\r\n  return a\r\ndef add(a, b):\r\n  return a + b", "test_list": ["assert add(1, 2) == 3", "assert add(0, 0) == 0", "assert math.isclose(add(0.5, 0.25), 0.75)"], "test_setup_code": "import math", "challenge_test_list": []}""";

    private readonly TempJsonl _files = new();

    public void Dispose() => _files.Dispose();

    private static DatasetLoadResult<Problem> Load(string path, string format) =>
        new DatasetReader(DatasetFormats.Get(format), new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip }).Load(path);

    [Fact]
    public void HumanEval_keeps_prompt_tests_entry_point_and_solution()
    {
        var problem = Assert.Single(Load(_files.Write("he.jsonl", HumanEvalLine), "humaneval").Items);

        Assert.Equal("HumanEval/0", problem.Id);
        Assert.Equal(AnswerKind.Code, problem.Reference.Kind);
        Assert.Equal("inc", problem.Reference.EntryPoint);
        Assert.StartsWith("\n\nMETADATA", problem.Reference.Tests, StringComparison.Ordinal);
        Assert.EndsWith("    \"\"\"\n    return x + 1\n", problem.Reference.Solution, StringComparison.Ordinal);
        Assert.StartsWith("from typing import List\n", problem.Metadata[CodeProblemKeys.CodePrompt], StringComparison.Ordinal);
        Assert.Equal("humaneval", problem.Metadata[CodeProblemKeys.CodeFormat]);
        Assert.StartsWith(HumanEvalFormat.Instruction, problem.Question, StringComparison.Ordinal);
        Assert.Contains(">>> inc(1)", problem.Question, StringComparison.Ordinal);
        Assert.Null(problem.Reference.Answer);
    }

    [Fact]
    public void HumanEval_reads_the_gzip_file_it_ships_as()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(HumanEvalLine + "\n" + HumanEvalLine.Replace("HumanEval/0", "HumanEval/1", StringComparison.Ordinal) + "\n"));
        }

        var loaded = Load(_files.WriteBytes("HumanEval.jsonl.gz", buffer.ToArray()), "humaneval");

        Assert.Equal(["HumanEval/0", "HumanEval/1"], loaded.Items.Select(p => p.Id));
    }

    [Theory]
    [InlineData("""{"prompt": "def f():\n", "test": "def check(c):\n    pass\n", "entry_point": "f"}""", "task_id", "the field is missing")]
    [InlineData("""{"task_id": "a", "test": "def check(c):\n    pass\n", "entry_point": "f"}""", "prompt", "the field is missing")]
    [InlineData("""{"task_id": "a", "prompt": "def f():\n", "test": 3, "entry_point": "f"}""", "test", "expected a string, found a number")]
    [InlineData("""{"task_id": "a", "prompt": "def f():\n", "test": "assert True\n", "entry_point": "f"}""", "test", "defines no top-level 'def check(candidate)'")]
    [InlineData("""{"task_id": "a", "prompt": "def f():\n", "test": "def check(c):\n    pass\n", "entry_point": "f()"}""", "entry_point", "'f()' is not a Python identifier")]
    [InlineData("""{"task_id": "a", "prompt": "def f():\n", "test": "def check(c):\n    pass\n"}""", "entry_point", "the field is missing")]
    public void HumanEval_errors_name_file_line_and_field(string line, string field, string message)
    {
        var path = _files.Write("bad.jsonl", HumanEvalLine, line);

        var error = Assert.Single(Load(path, "humaneval").Errors);

        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mbpp_runs_setup_then_every_test_and_shows_only_the_first()
    {
        var problem = Assert.Single(Load(_files.Write("mbpp.jsonl", MbppLine), "mbpp").Items);

        Assert.Equal("11", problem.Id);
        Assert.Equal(AnswerKind.Code, problem.Reference.Kind);
        Assert.Equal("add", problem.Reference.EntryPoint);
        Assert.Equal("import math\nassert add(1, 2) == 3\nassert add(0, 0) == 0\nassert math.isclose(add(0.5, 0.25), 0.75)\n", problem.Reference.Tests);
        Assert.Equal("assert add(1, 2) == 3", problem.Metadata[CodeProblemKeys.VisibleTests]);
        Assert.Contains("assert add(1, 2) == 3", problem.Question, StringComparison.Ordinal);
        Assert.DoesNotContain("add(0, 0)", problem.Question, StringComparison.Ordinal);
        Assert.StartsWith("def helper", problem.Reference.Solution, StringComparison.Ordinal);
        Assert.False(problem.Metadata.ContainsKey(CodeProblemKeys.CodePrompt));
    }

    [Fact]
    public void Mbpp_without_code_takes_the_entry_point_from_the_first_test()
    {
        var line = """{"task_id": 2, "text": "Area.", "test_list": ["assert math.isclose(area(2), 4.0)"], "test_setup_code": "import math"}""";

        var problem = Assert.Single(Load(_files.Write("m.jsonl", line), "mbpp").Items);

        Assert.Equal("area", problem.Reference.EntryPoint);
        Assert.Null(problem.Reference.Solution);
    }

    [Fact]
    public void Mbpp_reads_the_sanitized_release_shape()
    {
        var line = """{"source_file": "x.py", "task_id": 2, "prompt": "Write a function to find the area.", "code": "import math\ndef area(r):\n    return math.pi * r * r", "test_imports": ["import math"], "test_list": ["assert math.isclose(area(1), math.pi)"]}""";

        var problem = Assert.Single(Load(_files.Write("s.jsonl", line), "mbpp").Items);

        Assert.Contains("Write a function to find the area.", problem.Question, StringComparison.Ordinal);
        Assert.Equal("import math\nassert math.isclose(area(1), math.pi)\n", problem.Reference.Tests);
        Assert.Equal("area", problem.Reference.EntryPoint);
        Assert.Equal("x.py", problem.Metadata["source_file"]);
    }

    [Theory]
    [InlineData("""{"task_id": 1, "text": "T"}""", "test_list", "the field is missing")]
    [InlineData("""{"task_id": 1, "text": "T", "test_list": []}""", "test_list", "the array is empty")]
    [InlineData("""{"task_id": 1, "text": "T", "test_list": ["assert f(1)", 2]}""", "test_list", "element 1 is a number")]
    [InlineData("""{"task_id": 1, "text": "T", "test_list": ["assert f(1)\nassert f(2)"]}""", "test_list", "spans several lines")]
    [InlineData("""{"task_id": 1, "text": "T", "test_list": ["assert True"]}""", "test_list", "calls no function")]
    [InlineData("""{"task_id": 1, "test_list": ["assert f(1)"]}""", "text", "the field is missing")]
    [InlineData("""{"task_id": 1, "text": "T", "test_list": ["assert f(1)"], "challenge_test_list": "x"}""", "challenge_test_list", "expected an array")]
    [InlineData("""{"task_id": 1.5, "text": "T", "test_list": ["assert f(1)"]}""", "task_id", "expected a string or an integer id")]
    public void Mbpp_errors_name_file_line_and_field(string line, string field, string message)
    {
        var path = _files.Write("bad.jsonl", line);

        var error = Assert.Single(Load(path, "mbpp").Errors);

        Assert.Equal(1, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_number_each_tasks_lines_in_order_and_check_fields()
    {
        var path = _files.Write(
            "samples.jsonl",
            """{"task_id": "HumanEval/0", "completion": "    return x + 1\n"}""",
            """{"task_id": "HumanEval/0", "completion": "", "passed": false}""",
            """{"task_id": "HumanEval/9", "completion": "x"}""",
            """{"task_id": "HumanEval/0", "completion": 5}""",
            """{"task_id": "HumanEval/0"}""",
            """{"completion": "x"}""",
            """{"task_id": "HumanEval/0", "completion": "    return 2\n"}""");
        var reader = new CodeSamplesReader(new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip });

        var loaded = reader.Load(path, new HashSet<string>(["HumanEval/0"], StringComparer.Ordinal));

        Assert.Equal([0, 1, 2], loaded.Items.Select(r => r.Sample));
        Assert.Equal(["    return x + 1\n", string.Empty, "    return 2\n"], loaded.Items.Select(r => r.Turns.Single()));
        Assert.Equal([1, 2, 7], loaded.Items.Select(r => r.Line));
        Assert.Equal(
            ["3 task_id no problem with task_id 'HumanEval/9' in the dataset", "4 completion expected a string, found a number", "5 completion the field is missing", "6 task_id the field is missing"],
            loaded.Errors.Select(e => $"{e.Line} {e.Field} {e.Message}"));
    }

    [Fact]
    public void Samples_past_the_limit_per_task_are_rejected_naming_the_task()
    {
        var path = _files.Write(
            "samples.jsonl",
            """{"task_id": "HumanEval/0", "completion": "a"}""",
            """{"task_id": "HumanEval/1", "completion": "b"}""",
            """{"task_id": "HumanEval/0", "completion": "c"}""",
            """{"task_id": "HumanEval/0", "completion": "d"}""");
        var reader = new CodeSamplesReader(new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip, MaxSamplesPerProblem = 2 });

        var loaded = reader.Load(path);

        Assert.Equal([1, 2, 3], loaded.Items.Select(r => r.Line));
        Assert.Equal(new DatasetError(path, 4, "task_id", "task 'HumanEval/0' already has 2 samples, the limit per task"), Assert.Single(loaded.Errors));
    }
}
