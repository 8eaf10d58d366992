namespace Rethink.Data;

/// <summary>
/// What an exported file holds (<see cref="DatasetStats"/>): counts by kind and label, lengths, and the provenance
/// breakdown by run, model and strategy. Formats without provenance (openai, trl) give empty breakdowns and
/// <see cref="HasProvenance"/> false. Dictionaries are sorted by key (ordinal). Immutable.
/// </summary>
public sealed record DatasetStatistics
{
    /// <summary>
    /// The format recognised: <c>jsonl</c>, <c>parquet</c>, <c>openai-chat</c>, <c>openai-dpo</c>, <c>messages</c> (TRL
    /// language modeling, or OpenAI chat without weights: the two are the same shape), <c>trl-prompt-completion</c>,
    /// <c>trl-preference</c>, <c>trl-unpaired</c>, or <c>empty</c>.
    /// </summary>
    public required string Format { get; init; }

    /// <summary>Number of records.</summary>
    public required int Records { get; init; }

    /// <summary>True when the format carries provenance (jsonl, parquet).</summary>
    public required bool HasProvenance { get; init; }

    /// <summary>Records per kind (as recorded, or as implied by the layout: <c>preference</c> for pairs; else <c>unknown</c>).</summary>
    public required IReadOnlyDictionary<string, int> Kinds { get; init; }

    /// <summary>Records per label; <c>(none)</c> counts records without one. trl-unpaired labels read <c>true</c>/<c>false</c>.</summary>
    public required IReadOnlyDictionary<string, int> Labels { get; init; }

    /// <summary>Characters of the prompt messages.</summary>
    public required LengthSummary PromptChars { get; init; }

    /// <summary>Characters of the target: the completion, or the chosen side of a pair.</summary>
    public required LengthSummary TargetChars { get; init; }

    /// <summary>Characters of the rejected side of pairs (zero count when there are none).</summary>
    public required LengthSummary RejectedChars { get; init; }

    /// <summary>Records per run id (the chosen side's, for pairs).</summary>
    public required IReadOnlyDictionary<string, int> Runs { get; init; }

    /// <summary>Records per model.</summary>
    public required IReadOnlyDictionary<string, int> Models { get; init; }

    /// <summary>Records per strategy.</summary>
    public required IReadOnlyDictionary<string, int> Strategies { get; init; }
}
