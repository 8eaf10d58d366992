namespace Rethink.Data;

/// <summary>Options of <see cref="PreferenceBuilder"/>. Immutable.</summary>
public sealed record PreferenceOptions
{
    /// <summary>Make refinement pairs from evaluation runs: first attempt wrong, final right (default true).</summary>
    public bool Refinement { get; init; } = true;

    /// <summary>Make verified pairs across the samples of one (run, strategy, problem) (default true).</summary>
    public bool Verified { get; init; } = true;

    /// <summary>
    /// Verified pairs: every (correct, wrong) combination instead of one pair per problem (default false: the correct
    /// and the wrong final answer with the lowest sample indices).
    /// </summary>
    public bool AllVerifiedPairs { get; init; }

    /// <summary>
    /// Judged pairs: the smallest margin kept (default 0). Above 0, a pair without a margin is dropped too, since its
    /// margin cannot be shown to reach the minimum.
    /// </summary>
    public double MinJudgeMargin { get; init; }
}
