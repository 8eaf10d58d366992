using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>A snapshot of a run's progress, reported after each stored result. Immutable.</summary>
public sealed record RunProgress
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>(strategy, problem, sample) results stored and finished, this session's and earlier ones.</summary>
    public long Done { get; init; }

    /// <summary>All (strategy, problem, sample) keys of the run: strategies x problems x samples.</summary>
    public long Total { get; init; }

    /// <summary>Results that were already finished when this session started (skipped).</summary>
    public long Skipped { get; init; }

    /// <summary>Results of this session that ended with an error.</summary>
    public long Failed { get; init; }

    /// <summary>Billed tokens of this session (calls served from the cache are free).</summary>
    public TokenUsage Tokens { get; init; }

    /// <summary>Billed tokens (input plus output) per second of this session.</summary>
    public double TokensPerSecond { get; init; }

    /// <summary>Cost of the whole run so far, when prices are configured.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Time since this session started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Estimated time to finish, from this session's pace; null before the first result.</summary>
    public TimeSpan? Eta { get; init; }
}
