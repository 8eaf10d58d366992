namespace Rethink.Strategies.Tests;

public class CodeBlocksTests
{
    [Theory]
    [InlineData("Try:\n```python\nx = 1\n```\nBetter:\n```python\nx = 2\n```\nDone.", "x = 2")]
    [InlineData("```py\nx = 1\n```\n```\nplain\n```", "x = 1")]
    [InlineData("```\nx = 3\n```", "x = 3")]
    [InlineData("```text\nnot code\n```\n```Python\n  indented = True\n```", "  indented = True")]
    [InlineData("Cut off:\n```python\nx = 1\ny = ", "x = 1\ny = ")]
    [InlineData("Windows\r\n```python\r\nx = 1\r\n```\r\n", "x = 1")]
    [InlineData("   ```python\nx = 4\n   ```", "x = 4")]
    [InlineData("```json\n{}\n```", null)]
    [InlineData("no fences, x = 1", null)]
    public void The_last_python_block_wins_then_the_last_untagged_one(string reply, string? expected) =>
        Assert.Equal(expected, CodeBlocks.ExtractPython(reply));

    [Theory]
    [InlineData("    return 1", true)]
    [InlineData("\n\n\treturn 1", true)]
    [InlineData("def f():\n    return 1", false)]
    [InlineData("", false)]
    public void A_continuation_starts_indented(string code, bool expected) =>
        Assert.Equal(expected, CodeBlocks.IsContinuation(code));

    [Fact]
    public void A_block_defining_the_preferred_function_wins_over_a_later_example()
    {
        const string reply = "```python\ndef f(x):\n    return x\n```\nUsage:\n```python\nprint(f(1))\n```";
        Assert.Equal("def f(x):\n    return x", CodeBlocks.ExtractPython(reply, "f"));
        Assert.Equal("print(f(1))", CodeBlocks.ExtractPython(reply));
        Assert.Equal("print(f(1))", CodeBlocks.ExtractPython(reply, "g"));
    }

    [Theory]
    [InlineData("def f(x):\n    pass", "f", true)]
    [InlineData("import os\nasync def  f (x):\n    pass", "f", true)]
    [InlineData("    def f(x):\n        pass", "f", false)]
    [InlineData("def ff(x):\n    pass", "f", false)]
    [InlineData("x = f(1)", "f", false)]
    public void Defines_function_looks_at_column_0_only(string code, string name, bool expected) =>
        Assert.Equal(expected, CodeBlocks.DefinesFunction(code, name));

    [Fact]
    public void The_last_function_of_a_prompt_is_its_entry_point()
    {
        Assert.Equal("main_fn", CodeBlocks.LastFunctionName("from typing import List\n\ndef helper(x):\n    return x\n\n\ndef main_fn(xs: List[int]) -> int:\n    \"\"\"Doc.\"\"\"\n"));
        Assert.Null(CodeBlocks.LastFunctionName("x = 1\n    def inner(): pass"));
    }
}
