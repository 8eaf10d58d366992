namespace Rethink.Core.Metrics;

/// <summary>One committed turn of a trajectory: whether its answer was correct and what had been spent to reach it.</summary>
/// <param name="Correct">The scoring verdict on the committed answer.</param>
/// <param name="CumulativeTokens">Input plus output tokens of every call up to and including this turn.</param>
public readonly record struct TurnCost(bool Correct, long CumulativeTokens);
