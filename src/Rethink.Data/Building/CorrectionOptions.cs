namespace Rethink.Data;

/// <summary>Options of <see cref="CorrectionBuilder"/>. Immutable.</summary>
public sealed record CorrectionOptions
{
    /// <summary>
    /// Target share of <c>confidence_level</c> (R→R) records among the correction records written, in [0, 1]; the
    /// over-represented label is down-sampled deterministically (<see cref="BalanceFilter"/>, after every other filter).
    /// Default 0.4, the best CLT share reported for CCT. Null: no balancing.
    /// </summary>
    public double? ConfidenceLevelShare { get; init; } = 0.4;

    /// <summary>Seed of the down-sampling; the same records and seed always keep the same records.</summary>
    public long Seed { get; init; }
}
