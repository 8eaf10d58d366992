namespace Rethink.Core.Metrics;

/// <summary>The committed turns of one trajectory with their cumulative cost, and what the whole trajectory spent.</summary>
/// <param name="CommittedTurns">The committed turns, in order (a1 ... aT).</param>
/// <param name="TotalTokens">Input plus output tokens of every call in the trajectory (including calls after its last commit).</param>
public sealed record TrajectoryTurnCosts(IReadOnlyList<TurnCost> CommittedTurns, long TotalTokens);
