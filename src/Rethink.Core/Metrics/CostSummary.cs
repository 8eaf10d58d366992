namespace Rethink.Core.Metrics;

/// <summary>
/// What a set of trajectories cost, as means per trajectory (one trajectory = one problem, or one sample of a problem),
/// in total and split by <see cref="ModelRole"/>.
/// </summary>
/// <param name="Trajectories">Number of trajectories summarised.</param>
/// <param name="Calls">Mean model calls per trajectory.</param>
/// <param name="InputTokens">Mean input tokens per trajectory.</param>
/// <param name="OutputTokens">Mean output tokens per trajectory.</param>
/// <param name="ByRole">One entry per <see cref="ModelRole"/>, in enum order, zeros included.</param>
public sealed record CostSummary(int Trajectories, double Calls, double InputTokens, double OutputTokens, IReadOnlyList<RoleCost> ByRole)
{
    /// <summary>Mean input plus output tokens per trajectory.</summary>
    public double TotalTokens => InputTokens + OutputTokens;
}
