namespace Rethink.Data;

/// <summary>
/// Where a record's content came from: the run, the strategy and its settings, the model, the problem and its
/// dataset, the sample, and who judged it. Every exported record carries one; for a preference pair it describes the
/// chosen side (<see cref="TrainingRecord.RejectedProvenance"/> describes the other). Immutable.
/// </summary>
public sealed record RecordProvenance
{
    /// <summary>The run id in its store.</summary>
    public required string RunId { get; init; }

    /// <summary>The strategy that produced the content (for judgement records: the judge's name).</summary>
    public required string Strategy { get; init; }

    /// <summary>
    /// Lower-case hex SHA-256 of the strategy's name and settings (<see cref="StrategyFingerprint.Of"/>); null when the
    /// source did not record the settings (a judged response from outside the store).
    /// </summary>
    public string? StrategyFingerprint { get; init; }

    /// <summary>The model that produced the content, as <c>ModelDescription.Describe()</c> writes it.</summary>
    public required string Model { get; init; }

    /// <summary>The problem's id in its dataset.</summary>
    public required string ProblemId { get; init; }

    /// <summary>The dataset path as the run recorded it; null when the source did not record one.</summary>
    public string? DatasetPath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the dataset file; null when the source did not record one.</summary>
    public string? DatasetSha256 { get; init; }

    /// <summary>The run sample index (for judgement records: the presentation order, 0 or 1).</summary>
    public required int Sample { get; init; }

    /// <summary>The seed the sample ran with (<c>RunConfiguration.SampleSeed</c>); null when unknown.</summary>
    public long? Seed { get; init; }

    /// <summary>The scoring verifier's name, or the judge's identity for judged records.</summary>
    public required string Verifier { get; init; }

    /// <summary>The reason id of the verdict that qualified the content (e.g. <c>numeric.equal</c>).</summary>
    public required string VerdictReason { get; init; }
}
