namespace Rethink.Data;

/// <summary>
/// The kind-specific fields of a record; each is null where it does not apply (see the project README for which kind
/// sets which). Immutable, with value equality.
/// </summary>
public sealed record RecordDetails
{
    /// <summary>No details.</summary>
    public static RecordDetails None { get; } = new();

    /// <summary>sft, correction, preference: whether the trajectory's first committed attempt was correct.</summary>
    public bool? FirstCorrect { get; init; }

    /// <summary>critique: whether the critiqued attempt was correct by the scoring verifier (the gold label).</summary>
    public bool? GoldCorrect { get; init; }

    /// <summary>critique: the critic's verdict, <c>correct</c>, <c>incorrect</c> or <c>unsure</c>.</summary>
    public string? CriticLabel { get; init; }

    /// <summary>critique: the model id the critic call requested, when it recorded one.</summary>
    public string? CriticModel { get; init; }

    /// <summary>critique: the text of the critiqued attempt.</summary>
    public string? CritiquedAnswer { get; init; }

    /// <summary>critique, judgement: whether the verdict matches the gold label; null when there is no gold label.</summary>
    public bool? Agrees { get; init; }

    /// <summary>preference (judged): the judging run the pair came from (provenance names the responses' runs).</summary>
    public string? JudgingRunId { get; init; }

    /// <summary>preference (judged), judgement: the judgement's pair id.</summary>
    public string? PairId { get; init; }

    /// <summary>preference (judged), judgement: the judge's margin between the two responses, when it gave scores.</summary>
    public double? Margin { get; init; }

    /// <summary>judgement: whether the two presentation orders picked the same response.</summary>
    public bool? Consistent { get; init; }

    /// <summary>judgement: the pair's swap-aware winner, <c>a</c>, <c>b</c> or <c>tie</c>.</summary>
    public string? Winner { get; init; }

    /// <summary>judgement: the response gold prefers (<c>a</c> or <c>b</c>: the only correct one); null when none.</summary>
    public string? GoldWinner { get; init; }

    /// <summary>judgement: which response this order showed first, <c>a</c> or <c>b</c>.</summary>
    public string? ShownFirst { get; init; }

    /// <summary>judgement: what this order's verdict picked, <c>first</c>, <c>second</c>, <c>tie</c> or <c>unparsed</c>.</summary>
    public string? Choice { get; init; }
}
