namespace Rethink.Verifiers;

/// <summary>
/// What an extractor found in a response and how: the answer text (null when none), the stable id of the rule that
/// found it (one of <see cref="ExtractionMethods"/>), and, when the response was refused as ambiguous, the distinct
/// candidates it asserted.
/// </summary>
/// <param name="Answer">The extracted answer exactly as it was found (not normalised), or null.</param>
/// <param name="Method">Which rule produced it; <see cref="ExtractionMethods.None"/> or <see cref="ExtractionMethods.Ambiguous"/> when <paramref name="Answer"/> is null.</param>
public sealed record AnswerExtraction(string? Answer, string Method)
{
    /// <summary>The distinct answers asserted when <see cref="Method"/> is <see cref="ExtractionMethods.Ambiguous"/>; empty otherwise.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Nothing found.</summary>
    public static AnswerExtraction None { get; } = new(null, ExtractionMethods.None);

    /// <summary>True when an answer was found.</summary>
    public bool Found => Answer is not null;
}
