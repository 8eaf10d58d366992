using Rethink.Core.Text;

namespace Rethink.Core.Tests.Text;

public class BoxedTextTests
{
    [Theory]
    [InlineData("so the answer is \\boxed{42}.", "42")]
    [InlineData("\\boxed{1} then \\boxed{2}", "2")]
    [InlineData("\\boxed {\\frac{3}{4}}", "\\frac{3}{4}")]
    [InlineData("\\boxed{\\{1, 2\\}}", "\\{1, 2\\}")]
    [InlineData("\\boxed{}", "")]
    public void Finds_the_last_complete_box(string text, string expected) =>
        Assert.Equal(expected, BoxedText.Last(text));

    [Theory]
    [InlineData("no box here")]
    [InlineData("")]
    [InlineData("\\boxed 7")]
    [InlineData("\\boxed{1 + {2}")]
    public void Null_without_a_complete_box(string text) =>
        Assert.Null(BoxedText.Last(text));

    [Fact]
    public void A_truncated_last_box_falls_back_to_an_earlier_complete_one() =>
        Assert.Equal("5", BoxedText.Last("first \\boxed{5}, then \\boxed{6"));

    [Fact]
    public void Walks_back_over_at_most_sixteen_unclosed_boxes()
    {
        Assert.Equal("1", BoxedText.Last("\\boxed{1}" + string.Concat(Enumerable.Repeat("\\boxed{", 15))));
        Assert.Null(BoxedText.Last("\\boxed{1}" + string.Concat(Enumerable.Repeat("\\boxed{", 16))));
    }

    [Fact]
    public void Named_commands_compete_by_position()
    {
        Assert.Equal("b", BoxedText.Last("\\boxed{a} \\fbox{b}", "\\boxed", "\\fbox"));
        Assert.Equal("a", BoxedText.Last("\\fbox{b} \\boxed{a}", "\\boxed", "\\fbox"));
        Assert.Equal("a", BoxedText.Last("\\boxed{a} \\fbox{b}"));
    }
}
