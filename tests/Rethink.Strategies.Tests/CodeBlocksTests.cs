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
}
