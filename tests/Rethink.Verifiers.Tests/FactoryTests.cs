using Rethink.Core;

namespace Rethink.Verifiers.Tests;

public class FactoryTests
{
    [Theory]
    [InlineData(AnswerKind.Numeric, typeof(NumericVerifier), "numeric")]
    [InlineData(AnswerKind.Choice, typeof(ChoiceVerifier), "choice")]
    [InlineData(AnswerKind.Exact, typeof(ExactMatchVerifier), "exact")]
    [InlineData(AnswerKind.Regex, typeof(RegexVerifier), "regex")]
    public void Verifier_for_each_kind(AnswerKind kind, Type type, string name)
    {
        var verifier = AnswerVerifiers.For(kind);

        Assert.IsType(type, verifier);
        Assert.Equal(name, verifier.Name);
        Assert.True(AnswerVerifiers.Supports(kind));
    }

    [Theory]
    [InlineData(AnswerKind.Numeric, typeof(NumericAnswerExtractor))]
    [InlineData(AnswerKind.Choice, typeof(ChoiceAnswerExtractor))]
    [InlineData(AnswerKind.Exact, typeof(TextAnswerExtractor))]
    [InlineData(AnswerKind.Regex, typeof(TextAnswerExtractor))]
    public void Extractor_for_each_kind(AnswerKind kind, Type type) =>
        Assert.IsType(type, AnswerExtractors.For(kind));

    [Theory]
    [InlineData(AnswerKind.Code, "executing")]
    [InlineData(AnswerKind.None, "judge")]
    public void Code_and_none_have_no_verifier_and_say_why(AnswerKind kind, string why)
    {
        var e = Assert.Throws<NotSupportedException>(() => AnswerVerifiers.For(kind));

        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.False(AnswerVerifiers.Supports(kind));
        Assert.Throws<NotSupportedException>(() => AnswerExtractors.For(kind));
    }

    [Fact]
    public void Choice_extractor_with_options_matches_option_text()
    {
        var extractor = AnswerExtractors.For(AnswerKind.Choice, ["red", "green"]);

        Assert.Equal("B", extractor.Extract("Green."));
    }

    [Fact]
    public async Task Reference_kind_verifier_dispatches_per_problem()
    {
        var verifier = ReferenceKindVerifier.Instance;
        var attempt = new Attempt("The answer is 4.", null, TokenUsage.Zero);

        var numeric = await verifier.VerifyAsync(Problem.FromQuestion("a", "q", new Reference { Kind = AnswerKind.Numeric, Answer = "4" }), attempt);
        var exact = await verifier.VerifyAsync(Problem.FromQuestion("b", "q", new Reference { Kind = AnswerKind.Exact, Answer = "four" }), attempt);
        var code = await verifier.VerifyAsync(Problem.FromQuestion("c", "q", new Reference { Kind = AnswerKind.Code, Tests = "assert f()" }), attempt);

        Assert.Equal(NumericReasons.Equal, numeric.Reason);
        Assert.Equal(ExactMatchReasons.NotEqual, exact.Reason);
        Assert.Equal(ReferenceKindVerifier.UnsupportedKind, code.Reason);
        Assert.Equal(VerdictLabel.Unsure, code.Label);
    }
}
