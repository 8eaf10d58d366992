namespace Rethink.Core.Metrics;

/// <summary>
/// Seeded paired bootstrap of an accuracy difference. Problems are resampled with replacement, each keeping all of its
/// paired samples, so both the pairing and the clustering of samples within a problem are respected. The interval is
/// the percentile interval of the resampled differences (quantiles by linear interpolation between order statistics).
/// Deterministic: the generator is <see cref="Random"/> seeded with the given seed. Pure and thread-safe.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>Default number of resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Default coverage.</summary>
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// The interval of accuracy(after) - accuracy(before), one pair per problem (each pair resampled on its own).
    /// </summary>
    public static BootstrapInterval AccuracyDifference(
        IReadOnlyList<PairedOutcome> pairs,
        int resamples = DefaultResamples,
        int seed = 0,
        double confidence = DefaultConfidence)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return AccuracyDifference(pairs.Select(p => (IReadOnlyList<PairedOutcome>)[p]).ToList(), resamples, seed, confidence);
    }

    /// <summary>
    /// The interval of accuracy(after) - accuracy(before) with pairs grouped by problem: <paramref name="problems"/>[i]
    /// holds the paired samples of problem i. Accuracy is the share over all pairs in a resample. Throws when there are
    /// no pairs, <paramref name="resamples"/> is below 1 or <paramref name="confidence"/> is not in (0, 1).
    /// </summary>
    public static BootstrapInterval AccuracyDifference(
        IReadOnlyList<IReadOnlyList<PairedOutcome>> problems,
        int resamples = DefaultResamples,
        int seed = 0,
        double confidence = DefaultConfidence)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence > 0.0 && confidence < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie in (0, 1).");
        }

        var gain = new long[problems.Count];
        var count = new long[problems.Count];
        long totalGain = 0, totalCount = 0;
        for (var i = 0; i < problems.Count; i++)
        {
            foreach (var p in problems[i])
            {
                gain[i] += (p.After ? 1 : 0) - (p.Before ? 1 : 0);
                count[i]++;
            }

            totalGain += gain[i];
            totalCount += count[i];
        }

        if (totalCount == 0)
        {
            throw new ArgumentException("The bootstrap needs at least one pair.", nameof(problems));
        }

        var random = new Random(seed);
        var stats = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            long g = 0, c = 0;
            for (var j = 0; j < problems.Count; j++)
            {
                var pick = random.Next(problems.Count);
                g += gain[pick];
                c += count[pick];
            }

            // A resample can draw only empty problems; it then carries no information about the difference.
            stats[r] = c == 0 ? 0.0 : (double)g / c;
        }

        Array.Sort(stats);
        var alpha = 1.0 - confidence;
        return new BootstrapInterval(
            (double)totalGain / totalCount,
            Quantile(stats, alpha / 2.0),
            Quantile(stats, 1.0 - (alpha / 2.0)),
            confidence,
            resamples,
            seed);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
