namespace Rethink.Core.Metrics;

/// <summary>
/// The Confidence-vs-Critique decomposition of self-correction (Yang et al. 2024; reference code
/// <c>Zhe-Young/SelfCorrectDecompose</c>). Acc2 = Acc1*CL + (1-Acc1)*CS holds by construction. Pure and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Sampled estimation (<see cref="FromSamples"/>), with S samples of a problem: Pa = #(a1 correct) / S;
/// Pb = #(a1 correct and aT correct) / #(a1 correct); Pc = #(a1 wrong and aT correct) / #(a1 wrong).
/// </para>
/// <para>
/// Convention for the empty conditions, as in the reference code: when no sample's a1 was correct, Pb is 0; when
/// every sample's a1 was correct, Pc is 0. The choice cannot change any aggregate: such a problem has Pa = 0, so it adds
/// Pa*Pb = 0 to the numerator of CL, Pa = 0 to its denominator and Pa*Pb = 0 to Acc2 whatever Pb is (and symmetrically
/// (1-Pa) = 0 removes Pc). With an equal S for every problem, CL reduces to the pooled
/// #(a1 correct and aT correct) / #(a1 correct) over all samples, and CS to #(a1 wrong and aT correct) / #(a1 wrong).
/// </para>
/// </remarks>
public static class ConfidenceCritique
{
    /// <summary>
    /// The probabilities of one problem from its samples (one <see cref="PairedOutcome"/> per sample:
    /// Before = a1 correct, After = aT correct). Throws when <paramref name="samples"/> is empty.
    /// </summary>
    public static CorrectionProbabilities ProbabilitiesOf(IReadOnlyList<PairedOutcome> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("A problem needs at least one sample.", nameof(samples));
        }

        var t = TransitionTable.FromOutcomes(samples);
        var firstRight = t.RightToRight + t.RightToWrong;
        var firstWrong = t.WrongToRight + t.WrongToWrong;
        var pa = (double)firstRight / samples.Count;
        var pb = firstRight == 0 ? 0.0 : (double)t.RightToRight / firstRight;
        var pc = firstWrong == 0 ? 0.0 : (double)t.WrongToRight / firstWrong;
        return new CorrectionProbabilities(pa, pb, pc);
    }

    /// <summary>
    /// The aggregates from sampled outcomes grouped by problem: <paramref name="problems"/>[i] holds the S_i samples of
    /// problem i (S may differ between problems; each problem weighs the same in Acc1 and Acc2). Throws when there are
    /// no problems or a problem has no samples.
    /// </summary>
    public static ConfidenceCritiqueResult FromSamples(IReadOnlyList<IReadOnlyList<PairedOutcome>> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return FromProbabilities(problems.Select(ProbabilitiesOf).ToList());
    }

    /// <summary>
    /// The aggregates from per-problem probabilities (from samples, or from label probabilities for classification
    /// tasks). Throws when <paramref name="problems"/> is empty or a probability lies outside [0, 1].
    /// </summary>
    public static ConfidenceCritiqueResult FromProbabilities(IReadOnlyList<CorrectionProbabilities> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("Confidence-vs-Critique needs at least one problem.", nameof(problems));
        }

        double sumPa = 0, sumNotPa = 0, sumKept = 0, sumRepaired = 0;
        foreach (var p in problems)
        {
            CheckProbability(p.Pa, nameof(p.Pa));
            CheckProbability(p.Pb, nameof(p.Pb));
            CheckProbability(p.Pc, nameof(p.Pc));
            sumPa += p.Pa;
            sumNotPa += 1.0 - p.Pa;
            sumKept += p.Pa * p.Pb;
            sumRepaired += (1.0 - p.Pa) * p.Pc;
        }

        var n = problems.Count;
        var acc1 = sumPa / n;
        var acc2 = (sumKept + sumRepaired) / n;
        double? cl = sumPa > 0 ? sumKept / sumPa : null;
        double? cs = sumNotPa > 0 ? sumRepaired / sumNotPa : null;
        return new ConfidenceCritiqueResult(n, acc1, acc2, cl, cs, RelativeSelfCorrectionScore(acc1, acc2));
    }

    /// <summary>
    /// RSS = (Acc2 - Acc1^2) / (2*Acc1*(1-Acc1)); null when <paramref name="acc1"/> is 0 or 1. Evaluated as
    /// ((Acc2 - Acc1) + q) / (2q) with q = Acc1*(1-Acc1), the same value, so that Acc2 = Acc1 gives exactly 0.5 in
    /// floating point.
    /// </summary>
    public static double? RelativeSelfCorrectionScore(double acc1, double acc2)
    {
        if (acc1 <= 0.0 || acc1 >= 1.0)
        {
            return null;
        }

        var q = acc1 * (1.0 - acc1);
        return ((acc2 - acc1) + q) / (2.0 * q);
    }

    private static void CheckProbability(double value, string name)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentOutOfRangeException(name, value, "A probability must lie in [0, 1].");
        }
    }
}
