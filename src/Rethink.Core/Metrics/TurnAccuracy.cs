namespace Rethink.Core.Metrics;

/// <summary>
/// Accuracy per committed turn. Input: for each trajectory, the correctness of its committed attempts in order
/// (a1 ... aT). A trajectory shorter than the longest one keeps its last answer at later turns (it stopped, so that
/// answer is what it returns); a trajectory with no committed attempt counts as wrong at every turn. Pure and
/// thread-safe.
/// </summary>
public static class TurnAccuracy
{
    /// <summary>
    /// Acc@t for t = 1 ... T, where T is the largest number of committed turns in <paramref name="turnCorrectness"/>:
    /// element t-1 is the share of trajectories correct at committed turn t, last answer carried forward. Empty when
    /// there are no trajectories or none committed an answer.
    /// </summary>
    public static IReadOnlyList<double> AtEachTurn(IReadOnlyList<IReadOnlyList<bool>> turnCorrectness)
    {
        ArgumentNullException.ThrowIfNull(turnCorrectness);
        var maxTurns = turnCorrectness.Count == 0 ? 0 : turnCorrectness.Max(t => t.Count);
        var result = new double[maxTurns];
        for (var t = 0; t < maxTurns; t++)
        {
            var correct = 0;
            foreach (var turns in turnCorrectness)
            {
                if (turns.Count > 0 && turns[Math.Min(t, turns.Count - 1)])
                {
                    correct++;
                }
            }

            result[t] = (double)correct / turnCorrectness.Count;
        }

        return result;
    }

    /// <summary>
    /// Oracle accuracy: the share of trajectories correct at ANY committed turn, as if a perfect checker had stopped
    /// each one at its first correct answer. An upper bound that needs the gold answer, never the honest result; show it
    /// only beside the final accuracy and labelled oracle. 0 when there are no trajectories.
    /// </summary>
    public static double Oracle(IReadOnlyList<IReadOnlyList<bool>> turnCorrectness)
    {
        ArgumentNullException.ThrowIfNull(turnCorrectness);
        return turnCorrectness.Count == 0 ? 0.0 : (double)turnCorrectness.Count(t => t.Contains(true)) / turnCorrectness.Count;
    }
}
