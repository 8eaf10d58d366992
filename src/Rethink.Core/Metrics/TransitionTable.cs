namespace Rethink.Core.Metrics;

/// <summary>
/// Counts of the four ways a pair can move between the reference condition (before) and the compared one (after):
/// right to right, right to wrong, wrong to right, wrong to wrong. Between a1 and aT these are the self-correction
/// transitions; right-to-wrong is the flip that self-correction must not cause.
/// </summary>
/// <param name="RightToRight">Correct before and after.</param>
/// <param name="RightToWrong">Correct before, wrong after (a harmful flip).</param>
/// <param name="WrongToRight">Wrong before, correct after (a repair).</param>
/// <param name="WrongToWrong">Wrong before and after.</param>
public sealed record TransitionTable(long RightToRight, long RightToWrong, long WrongToRight, long WrongToWrong)
{
    /// <summary>Number of pairs counted.</summary>
    public long Total => RightToRight + RightToWrong + WrongToRight + WrongToWrong;

    /// <summary>Repairs minus harmful flips: WrongToRight - RightToWrong. Equals (correct after) - (correct before).</summary>
    public long NetGain => WrongToRight - RightToWrong;

    /// <summary>
    /// <see cref="NetGain"/> as an accuracy difference, NetGain / Total (accuracy after minus accuracy before);
    /// 0 when the table is empty.
    /// </summary>
    public double NetGainRate => Total == 0 ? 0.0 : (double)NetGain / Total;

    /// <summary>Share of pairs correct before: (RightToRight + RightToWrong) / Total; 0 when empty.</summary>
    public double AccuracyBefore => Total == 0 ? 0.0 : (double)(RightToRight + RightToWrong) / Total;

    /// <summary>Share of pairs correct after: (RightToRight + WrongToRight) / Total; 0 when empty.</summary>
    public double AccuracyAfter => Total == 0 ? 0.0 : (double)(RightToRight + WrongToRight) / Total;

    /// <summary>Counts the transitions of <paramref name="outcomes"/>.</summary>
    public static TransitionTable FromOutcomes(IEnumerable<PairedOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        long rr = 0, rw = 0, wr = 0, ww = 0;
        foreach (var o in outcomes)
        {
            switch ((o.Before, o.After))
            {
                case (true, true): rr++; break;
                case (true, false): rw++; break;
                case (false, true): wr++; break;
                default: ww++; break;
            }
        }

        return new TransitionTable(rr, rw, wr, ww);
    }
}
