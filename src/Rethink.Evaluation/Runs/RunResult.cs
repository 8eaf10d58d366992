using System.Text.Json.Serialization;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>One stored result: a scored trajectory plus what it cost and when it finished. Immutable.</summary>
public sealed record RunResult
{
    /// <summary>The scored trajectory (strategy, problem id and sample form the result's key).</summary>
    public required ScoredTrajectory Scored { get; init; }

    /// <summary>Position of the strategy in the configuration; orders results.</summary>
    public int StrategyIndex { get; init; }

    /// <summary>Position of the problem in the dataset; orders results.</summary>
    public int ProblemIndex { get; init; }

    /// <summary>Tokens of every call in the trajectory, by role (roles without calls are absent).</summary>
    public IReadOnlyDictionary<ModelRole, TokenUsage> UsageByRole { get; init; } = new Dictionary<ModelRole, TokenUsage>();

    /// <summary>Tokens of the calls that reached the provider (not served from the response cache); what budgets and cost count.</summary>
    public TokenUsage BilledUsage { get; init; }

    /// <summary>Wall-clock time of the strategy run (scoring excluded).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>When the result was produced (UTC).</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The result's key.</summary>
    [JsonIgnore]
    public ResultKey Key => new(Scored.Strategy, Scored.ProblemId, Scored.Sample);

    /// <summary>A result for <paramref name="scored"/> with usage by role and billed usage computed from its calls.</summary>
    public static RunResult Create(ScoredTrajectory scored, int strategyIndex, int problemIndex, TimeSpan latency, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var calls = scored.Trajectory.Calls.ToList();
        var byRole = calls
            .GroupBy(c => c.Role)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => g.Aggregate(TokenUsage.Zero, (acc, c) => acc + c.Usage));
        var billed = calls.Where(c => !c.Cached).Aggregate(TokenUsage.Zero, (acc, c) => acc + c.Usage);
        return new RunResult
        {
            Scored = scored,
            StrategyIndex = strategyIndex,
            ProblemIndex = problemIndex,
            UsageByRole = byRole,
            BilledUsage = billed,
            Latency = latency,
            FinishedAt = finishedAt,
        };
    }
}
