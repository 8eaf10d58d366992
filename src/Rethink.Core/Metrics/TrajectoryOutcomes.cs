namespace Rethink.Core.Metrics;

/// <summary>
/// Reads the plain inputs of the metric functions off a <see cref="ScoredTrajectory"/>: per-turn correctness, the
/// first-vs-final pair and per-turn cost. Pure and thread-safe.
/// </summary>
public static class TrajectoryOutcomes
{
    /// <summary>Correctness of each committed attempt, in order (from <see cref="ScoredTrajectory.TurnVerdicts"/>).</summary>
    public static IReadOnlyList<bool> TurnCorrectness(ScoredTrajectory scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return scored.TurnVerdicts.Select(v => v.IsCorrect).ToList();
    }

    /// <summary>Before = the first committed answer was correct; After = the final answer was correct.</summary>
    public static PairedOutcome FirstVsFinal(ScoredTrajectory scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return new PairedOutcome(scored.FirstCorrect, scored.FinalCorrect);
    }

    /// <summary>
    /// The committed turns with the cumulative tokens of all calls up to and including each, and the trajectory's
    /// total. A committed turn without a verdict (a truncated verdict list) counts as wrong.
    /// </summary>
    public static TrajectoryTurnCosts TurnCosts(ScoredTrajectory scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var turns = new List<TurnCost>();
        long cumulative = 0;
        foreach (var turn in scored.Trajectory.Turns)
        {
            cumulative += turn.Calls.Sum(c => c.Usage.TotalTokens);

            // The same filter as Trajectory.CommittedAttempts, so the i-th cost lines up with the i-th verdict.
            if (turn.Committed && turn.Attempt is not null)
            {
                var i = turns.Count;
                turns.Add(new TurnCost(i < scored.TurnVerdicts.Count && scored.TurnVerdicts[i].IsCorrect, cumulative));
            }
        }

        return new TrajectoryTurnCosts(turns, cumulative);
    }

    /// <summary>
    /// Each critique in the trajectory set against the scored correctness of the answer it judged, taken to be the
    /// latest committed attempt before the critique's turn (critiques before any committed attempt are skipped, since
    /// their target is not scored). The gold location is the scoring verdict's <see cref="Verdict.ErrorLocation"/> of an
    /// incorrect answer. The predicted location is the critique's <see cref="Critique.ErrorLocation"/>, else, for a
    /// critique that calls the answer incorrect, <see cref="CritiqueLocations.FirstFlaggedStep"/> of its text.
    /// </summary>
    public static IReadOnlyList<CritiqueJudgement> CritiqueJudgements(ScoredTrajectory scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var judgements = new List<CritiqueJudgement>();
        var committed = -1;
        foreach (var turn in scored.Trajectory.Turns)
        {
            if (turn.Critique is { } critique && committed >= 0 && committed < scored.TurnVerdicts.Count)
            {
                var judged = scored.TurnVerdicts[committed];
                judgements.Add(new CritiqueJudgement(critique.Label, judged.IsCorrect)
                {
                    GoldErrorLocation = judged.IsCorrect ? null : judged.ErrorLocation,
                    PredictedErrorLocation = critique.ErrorLocation
                        ?? (critique.Label == VerdictLabel.Incorrect ? CritiqueLocations.FirstFlaggedStep(critique.Text) : null),
                });
            }

            if (turn.Committed && turn.Attempt is not null)
            {
                committed++;
            }
        }

        return judgements;
    }
}
