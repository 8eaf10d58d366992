using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>The answer extractor matching each <see cref="AnswerKind"/> (what strategies use for votes and no-change checks).</summary>
public static class AnswerExtractors
{
    /// <summary>
    /// The extractor for <paramref name="kind"/>: <see cref="NumericAnswerExtractor"/>; <see cref="ChoiceAnswerExtractor"/>
    /// (given <paramref name="choices"/>, it also recognises an option's text; the options are part of the prompt, so
    /// passing them reveals nothing about the gold answer); <see cref="TextAnswerExtractor"/> for exact and regex answers.
    /// </summary>
    /// <exception cref="NotSupportedException">For <see cref="AnswerKind.None"/> and <see cref="AnswerKind.Code"/>, with the reason.</exception>
    public static IAnswerExtractor For(AnswerKind kind, IReadOnlyList<string>? choices = null) => kind switch
    {
        AnswerKind.Numeric => NumericAnswerExtractor.Instance,
        AnswerKind.Choice => choices is { Count: > 0 } ? new ChoiceAnswerExtractor(choices) : ChoiceAnswerExtractor.Instance,
        AnswerKind.Exact or AnswerKind.Regex => TextAnswerExtractor.Instance,
        AnswerKind.None => throw new NotSupportedException(
            "Answer kind None has no final answer to extract; use LastLineAnswerExtractor from Rethink.Core if a strategy needs one."),
        AnswerKind.Code => throw new NotSupportedException(
            "Answer kind Code has no single final answer to extract; code is checked by executing tests."),
        _ => throw new NotSupportedException($"Unknown answer kind {kind}."),
    };
}
