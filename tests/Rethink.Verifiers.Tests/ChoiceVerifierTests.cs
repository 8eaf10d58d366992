using Rethink.Core;

namespace Rethink.Verifiers.Tests;

public class ChoiceVerifierTests
{
    private static readonly string[] Options = ["Paris", "Berlin", "The Rhine", "Madrid"];

    [Theory]
    [InlineData("B", "The answer is (B).", ChoiceReasons.Equal, VerdictLabel.Correct)]
    [InlineData("b", "Answer: B", ChoiceReasons.Equal, VerdictLabel.Correct)]
    [InlineData("(B)", "the answer is b", ChoiceReasons.Equal, VerdictLabel.Correct)]
    [InlineData("B", "The answer is (C).", ChoiceReasons.NotEqual, VerdictLabel.Incorrect)]
    [InlineData("B", "A train leaves at noon.", ChoiceReasons.NoAnswer, VerdictLabel.Incorrect)]
    [InlineData("B", "The answer is B. No, the answer is C.", ChoiceReasons.Ambiguous, VerdictLabel.Incorrect)]
    [InlineData("B", "Answer: F", ChoiceReasons.OutOfRange, VerdictLabel.Incorrect)]
    [InlineData("Berlin", "The answer is B.", ChoiceReasons.Equal, VerdictLabel.Correct)]
    [InlineData("B", "Berlin", ChoiceReasons.Equal, VerdictLabel.Correct)]
    [InlineData("C", "the rhine", ChoiceReasons.Equal, VerdictLabel.Correct)]
    [InlineData("Rome", "Answer: A", ChoiceReasons.UnparseableReference, VerdictLabel.Unsure)]
    [InlineData("", "Answer: A", ChoiceReasons.NoReference, VerdictLabel.Unsure)]
    public async Task Gives_the_documented_reason(string gold, string response, string reason, VerdictLabel label)
    {
        var verdict = await Check.Choice(gold, response, Options);

        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(label, verdict.Label);
    }

    [Fact]
    public async Task Without_options_any_letter_up_to_J_is_in_range()
    {
        var verdict = await Check.Choice("F", "Answer: F");

        Assert.Equal(ChoiceReasons.Equal, verdict.Reason);
        Assert.Equal("Chose F (found by answer_phrase); gold is F.", verdict.Explanation);
    }

    [Fact]
    public async Task Ambiguity_explanation_lists_the_candidates()
    {
        var verdict = await Check.Choice("A", "(A) or (C), both look right.", Options);

        Assert.Equal(ChoiceReasons.Ambiguous, verdict.Reason);
        Assert.Contains("(A, C)", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Falls_back_to_the_attempt_answer_when_the_text_has_none()
    {
        var reference = new Reference { Kind = AnswerKind.Choice, Answer = "D", Choices = Options };

        var verdict = await Check.Run(ChoiceVerifier.Instance, reference, "I cannot say in words.", extracted: "D");

        Assert.Equal(ChoiceReasons.Equal, verdict.Reason);
    }
}
