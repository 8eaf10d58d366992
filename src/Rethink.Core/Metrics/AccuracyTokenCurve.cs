namespace Rethink.Core.Metrics;

/// <summary>
/// Accuracy against spend, turn by turn, so strategies are compared at equal budget rather than at equal turn count.
/// Pure and thread-safe.
/// </summary>
public static class AccuracyTokenCurve
{
    /// <summary>
    /// One point per committed turn t = 1 ... T (T = the most committed turns of any trajectory): the accuracy at t and
    /// the mean tokens to get there. A trajectory contributes the cumulative tokens of its t-th committed turn while it
    /// has later ones; from its last committed turn on it contributes its answer then and everything it spent
    /// (<see cref="TrajectoryTurnCosts.TotalTokens"/>), since stopping is part of its cost. So the last point is
    /// (final accuracy, mean total tokens). A trajectory with no committed turn is wrong at every point and contributes
    /// its total tokens. Empty when no trajectory committed an answer.
    /// </summary>
    public static IReadOnlyList<TokenCurvePoint> Compute(IReadOnlyList<TrajectoryTurnCosts> trajectories)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        var maxTurns = trajectories.Count == 0 ? 0 : trajectories.Max(t => t.CommittedTurns.Count);
        var points = new List<TokenCurvePoint>(maxTurns);
        for (var t = 0; t < maxTurns; t++)
        {
            var correct = 0;
            double tokens = 0;
            foreach (var trajectory in trajectories)
            {
                var turns = trajectory.CommittedTurns;
                if (t < turns.Count - 1)
                {
                    correct += turns[t].Correct ? 1 : 0;
                    tokens += turns[t].CumulativeTokens;
                }
                else
                {
                    correct += turns.Count > 0 && turns[^1].Correct ? 1 : 0;
                    tokens += trajectory.TotalTokens;
                }
            }

            points.Add(new TokenCurvePoint(t + 1, (double)correct / trajectories.Count, tokens / trajectories.Count));
        }

        return points;
    }
}
