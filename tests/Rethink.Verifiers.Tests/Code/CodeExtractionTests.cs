using Rethink.Verifiers.Code;

namespace Rethink.Verifiers.Tests.Code;

public sealed class CodeExtractionTests
{
    [Fact]
    public void A_raw_completion_is_taken_as_it_is_and_appended_to_the_prompt()
    {
        var completion = "    return a + b\n";

        var code = CodeExtraction.Extract(completion, "add");

        Assert.Equal(completion, code);
        Assert.Equal("def add(a, b):\n    \"\"\"Sum.\"\"\"\n    return a + b\n", CodeExtraction.BuildSolution(code!, "def add(a, b):\n    \"\"\"Sum.\"\"\"\n", "add"));
    }

    [Fact]
    public void A_whole_function_follows_the_prompt_after_a_blank_line_so_the_prompt_imports_stay()
    {
        var prompt = "from typing import List\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum.\"\"\"\n";
        var code = "def total(xs: List[int]) -> int:\n    return sum(xs)\n";

        var solution = CodeExtraction.BuildSolution(code, prompt, "total");

        Assert.Equal(prompt.TrimEnd() + "\n\n\n" + code, solution);
    }

    [Fact]
    public void The_last_python_block_that_defines_the_entry_point_wins()
    {
        var response = "Here:\n```python\ndef helper():\n    pass\n```\nand\n```python\ndef f(x):\n    return x\n```\nthen an example\n```text\nf(1) -> 1\n```\n";

        Assert.Equal("def f(x):\n    return x\n", CodeExtraction.Extract(response, "f"));
        Assert.Equal("def f(x):\n    return x\n", CodeExtraction.Extract(response));
    }

    [Fact]
    public void An_unclosed_fence_runs_to_the_end_and_crlf_is_normalised()
    {
        Assert.Equal("def f():\n    return 1", CodeExtraction.Extract("```py\r\ndef f():\r\n    return 1", "f"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("```python\n```")]
    public void Blank_code_is_null(string response) => Assert.Null(CodeExtraction.Extract(response, "f"));

    [Fact]
    public void Only_top_level_definitions_count()
    {
        Assert.True(CodeExtraction.DefinesFunction("import x\ndef f (a):\n    pass", "f"));
        Assert.True(CodeExtraction.DefinesFunction("async def f():\n    pass", "f"));
        Assert.False(CodeExtraction.DefinesFunction("class A:\n    def f(self):\n        pass", "f"));
        Assert.False(CodeExtraction.DefinesFunction("def fa():\n    pass", "f"));
    }

    [Fact]
    public void The_answer_extractor_normalises_line_ends_only()
    {
        var extractor = CodeAnswerExtractor.Instance;

        Assert.Equal("def f():\n    return 1", extractor.Normalize("\n\ndef f():   \r\n    return 1  \n\n"));
        Assert.Equal("x = 1\n", extractor.Extract("```\nx = 1\n```"));
    }
}
