using Rethink.Core;

namespace Rethink.Verifiers.Tests;

public class NumericVerifierTests
{
    [Theory]
    [InlineData("1000", "#### 1,000", NumericReasons.Equal)]
    [InlineData("1,000", "The total is 1000.", NumericReasons.Equal)]
    [InlineData("-12", "So the change is -12.", NumericReasons.Equal)]
    [InlineData("-12", "So the change is 12.", NumericReasons.NotEqual)]
    [InlineData("0.5", "The answer is 1/2.", NumericReasons.Equal)]
    [InlineData("1/2", "\\boxed{\\frac{1}{2}}", NumericReasons.Equal)]
    [InlineData("\\frac{3}{4}", "\\boxed{0.75}", NumericReasons.Equal)]
    [InlineData("\\frac{3}{4}", "\\boxed{\\dfrac{6}{8}}", NumericReasons.Equal)]
    [InlineData("5", "It costs $5.00.", NumericReasons.Equal)]
    [InlineData("1200", "#### $1,200", NumericReasons.Equal)]
    [InlineData("12", "The rope is 12 cm long.", NumericReasons.Equal)]
    [InlineData("5", "Answer: 5 apples", NumericReasons.Equal)]
    [InlineData("1500", "about 1.5e3", NumericReasons.Equal)]
    [InlineData("18", "#### 18.", NumericReasons.Equal)]
    [InlineData("7", "x = 7", NumericReasons.Equal)]
    [InlineData("18", "9 * 2 = 18 and she paid 3 dollars for 6 eggs, so she keeps 15", NumericReasons.NotEqual)]
    [InlineData("50", "She saved 50%.", NumericReasons.Equal)]
    [InlineData("50%", "She saved 50.", NumericReasons.Equal)]
    [InlineData("0.5", "She saved 50%.", NumericReasons.EqualPercent)]
    [InlineData("50%", "The answer is 0.5", NumericReasons.EqualPercent)]
    [InlineData("0.5", "She saved 50.", NumericReasons.NotEqual)]
    [InlineData("1/3", "The answer is 0.3333333", NumericReasons.EqualWithinTolerance)]
    [InlineData("1/3", "The answer is 0.33", NumericReasons.NotEqual)]
    [InlineData("0.6666667", "\\boxed{\\frac{2}{3}}", NumericReasons.EqualWithinTolerance)]
    [InlineData("1000000", "The answer is 1000001.", NumericReasons.NotEqual)]
    [InlineData("2", "The answer is 2.0000001", NumericReasons.NotEqual)]
    [InlineData("0", "The answer is -0.", NumericReasons.Equal)]
    [InlineData("\\sqrt{2}", "\\boxed{\\sqrt{2}}", NumericReasons.TextEqual)]
    [InlineData("\\sqrt{2}", "\\boxed{\\sqrt{3}}", NumericReasons.UnparseableReference)]
    [InlineData("\\sqrt{2}", "\\boxed{1.41}", NumericReasons.UnparseableReference)]
    [InlineData("12", "#### twelve", NumericReasons.UnparseableAnswer)]
    [InlineData("12", "\\boxed{x+2}", NumericReasons.UnparseableAnswer)]
    [InlineData("12", "I am not sure.", NumericReasons.NoAnswer)]
    [InlineData("12", "", NumericReasons.NoAnswer)]
    public async Task Gives_the_documented_reason(string gold, string response, string reason)
    {
        var verdict = await Check.Numeric(gold, response);

        Assert.Equal(reason, verdict.Reason);
        var expectedLabel = reason switch
        {
            NumericReasons.Equal or NumericReasons.EqualPercent or NumericReasons.EqualWithinTolerance or NumericReasons.TextEqual => VerdictLabel.Correct,
            NumericReasons.UnparseableReference or NumericReasons.NoReference => VerdictLabel.Unsure,
            _ => VerdictLabel.Incorrect,
        };
        Assert.Equal(expectedLabel, verdict.Label);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Explanation));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Missing_gold_is_unsure(string? gold)
    {
        var verdict = await Check.Run(NumericVerifier.Instance, new Reference { Kind = AnswerKind.Numeric, Answer = gold }, "#### 3");

        Assert.Equal(VerdictLabel.Unsure, verdict.Label);
        Assert.Equal(NumericReasons.NoReference, verdict.Reason);
    }

    [Fact]
    public async Task Explanation_names_what_was_compared()
    {
        var verdict = await Check.Numeric("1200", "Work...\n#### $1,200");

        Assert.Equal("Answer \"$1,200\" (found by gsm8k_marker) = \"$1,200\" (value 1200) vs gold \"1200\": equal.", verdict.Explanation);
    }

    [Fact]
    public async Task Uses_the_attempt_answer_only_when_the_text_has_none()
    {
        var reference = new Reference { Kind = AnswerKind.Numeric, Answer = "4" };

        var fromText = await Check.Run(NumericVerifier.Instance, reference, "The result is 5", extracted: "4");
        var fromAnswer = await Check.Run(NumericVerifier.Instance, reference, "no digits here", extracted: "4");

        Assert.Equal(NumericReasons.NotEqual, fromText.Reason);
        Assert.Equal(NumericReasons.Equal, fromAnswer.Reason);
    }

    [Fact]
    public async Task Zero_tolerance_compares_exactly()
    {
        var exact = new NumericVerifier(relativeTolerance: 0);

        var verdict = await Check.Run(exact, new Reference { Kind = AnswerKind.Numeric, Answer = "1/3" }, "The answer is 0.3333333");

        Assert.Equal(NumericReasons.NotEqual, verdict.Reason);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Rejects_invalid_tolerances(double tolerance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumericVerifier(tolerance));

    [Fact]
    public async Task Honours_cancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NumericVerifier.Instance.VerifyAsync(
            Problem.FromQuestion("p", "q", new Reference { Answer = "1" }), new Attempt("1", "1", TokenUsage.Zero), cts.Token));
    }
}
