namespace Rethink.Core.Metrics;

/// <summary>Cost accounting over trajectories and accuracy per unit of cost. Pure and thread-safe.</summary>
public static class CostMetrics
{
    /// <summary>
    /// Means per trajectory of calls and tokens, in total and per role, from every call recorded in the trajectories'
    /// turns (cached calls included: they are what the strategy asked for). All zeros for an empty list.
    /// </summary>
    public static CostSummary Summarize(IReadOnlyList<Trajectory> trajectories)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        var roles = Enum.GetValues<ModelRole>();
        var calls = new long[roles.Length];
        var input = new long[roles.Length];
        var output = new long[roles.Length];
        foreach (var call in trajectories.SelectMany(t => t.Calls))
        {
            var r = Array.IndexOf(roles, call.Role);
            calls[r]++;
            input[r] += call.Usage.InputTokens;
            output[r] += call.Usage.OutputTokens;
        }

        double n = Math.Max(1, trajectories.Count);
        var byRole = roles.Select((role, i) => new RoleCost(role, calls[i] / n, input[i] / n, output[i] / n)).ToList();
        return new CostSummary(trajectories.Count, calls.Sum() / n, input.Sum() / n, output.Sum() / n, byRole);
    }

    /// <summary>
    /// Accuracy per 1,000 tokens: <paramref name="accuracy"/> / (<paramref name="meanTokensPerTrajectory"/> / 1000).
    /// Null when no tokens were recorded (the ratio is undefined, not infinite).
    /// </summary>
    public static double? AccuracyPer1kTokens(double accuracy, double meanTokensPerTrajectory) =>
        meanTokensPerTrajectory > 0 ? accuracy * 1000.0 / meanTokensPerTrajectory : null;
}
