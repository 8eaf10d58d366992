using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>The answer verifier for each <see cref="AnswerKind"/>.</summary>
public static class AnswerVerifiers
{
    /// <summary>
    /// The shared verifier for <paramref name="kind"/>: <see cref="NumericVerifier"/>, <see cref="ChoiceVerifier"/>,
    /// <see cref="ExactMatchVerifier"/> or <see cref="RegexVerifier"/>, each with default settings.
    /// </summary>
    /// <exception cref="NotSupportedException">For <see cref="AnswerKind.None"/> and <see cref="AnswerKind.Code"/>, with the reason.</exception>
    public static IVerifier For(AnswerKind kind) => kind switch
    {
        AnswerKind.Numeric => NumericVerifier.Instance,
        AnswerKind.Choice => ChoiceVerifier.Instance,
        AnswerKind.Exact => ExactMatchVerifier.Instance,
        AnswerKind.Regex => RegexVerifier.Instance,
        _ => throw new NotSupportedException(WhyUnsupported(kind)),
    };

    /// <summary>True when <see cref="For"/> has a verifier for <paramref name="kind"/>.</summary>
    public static bool Supports(AnswerKind kind) =>
        kind is AnswerKind.Numeric or AnswerKind.Choice or AnswerKind.Exact or AnswerKind.Regex;

    /// <summary>Why <paramref name="kind"/> has no answer verifier (an empty string when it has one).</summary>
    public static string WhyUnsupported(AnswerKind kind) => kind switch
    {
        AnswerKind.None => "Answer kind None has no gold answer to compare with; score such problems with a judge instead.",
        AnswerKind.Code => "Answer kind Code is checked by executing the problem's tests, which needs a sandboxed code verifier, not an answer comparison.",
        AnswerKind.Numeric or AnswerKind.Choice or AnswerKind.Exact or AnswerKind.Regex => string.Empty,
        _ => $"Unknown answer kind {kind}.",
    };
}
