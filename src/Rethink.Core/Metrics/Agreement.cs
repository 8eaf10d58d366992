namespace Rethink.Core.Metrics;

/// <summary>
/// Chance-corrected agreement between raters (annotators, judges, critics): Cohen's kappa for two raters, Fleiss' kappa
/// for a fixed number of raters per item. Kappa is undefined (null) when chance agreement is 1, i.e. every rating falls
/// in one category. Pure and thread-safe.
/// </summary>
public static class Agreement
{
    /// <summary>
    /// Cohen's kappa = (po - pe) / (1 - pe), where po is the share of items both raters labelled the same and
    /// pe = sum over categories of p1(category) * p2(category), the agreement expected from the raters' own label rates.
    /// Labels are compared with ordinal string equality. Throws when the lists differ in length or are empty.
    /// </summary>
    public static double? CohensKappa(IReadOnlyList<string> rater1, IReadOnlyList<string> rater2)
    {
        ArgumentNullException.ThrowIfNull(rater1);
        ArgumentNullException.ThrowIfNull(rater2);
        if (rater1.Count != rater2.Count || rater1.Count == 0)
        {
            throw new ArgumentException("Both raters must label the same, non-empty list of items.", nameof(rater2));
        }

        var n = (double)rater1.Count;
        var agree = 0;
        var counts1 = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts2 = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rater1.Count; i++)
        {
            if (string.Equals(rater1[i], rater2[i], StringComparison.Ordinal))
            {
                agree++;
            }

            counts1[rater1[i]] = counts1.GetValueOrDefault(rater1[i]) + 1;
            counts2[rater2[i]] = counts2.GetValueOrDefault(rater2[i]) + 1;
        }

        var po = agree / n;
        var pe = counts1.Sum(kv => kv.Value / n * (counts2.GetValueOrDefault(kv.Key) / n));
        return pe >= 1.0 ? null : (po - pe) / (1.0 - pe);
    }

    /// <summary>
    /// Fleiss' kappa from a count matrix: <paramref name="counts"/>[i][j] is how many raters put item i in category j;
    /// every item must have the same number of ratings n &gt;= 2. With N items, p_j = sum_i counts[i][j] / (N n),
    /// P_i = (sum_j counts[i][j]^2 - n) / (n (n - 1)), P = mean P_i, Pe = sum_j p_j^2: kappa = (P - Pe) / (1 - Pe).
    /// </summary>
    public static double? FleissKappa(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            throw new ArgumentException("Fleiss' kappa needs at least one item.", nameof(counts));
        }

        var categories = counts[0].Count;
        var raters = counts[0].Sum();
        if (raters < 2)
        {
            throw new ArgumentException("Fleiss' kappa needs at least two ratings per item.", nameof(counts));
        }

        var columnTotals = new double[categories];
        var sumAgreement = 0.0;
        foreach (var row in counts)
        {
            if (row.Count != categories || row.Sum() != raters || row.Any(c => c < 0))
            {
                throw new ArgumentException("Every item needs the same categories and the same number of ratings.", nameof(counts));
            }

            var squares = 0.0;
            for (var j = 0; j < categories; j++)
            {
                columnTotals[j] += row[j];
                squares += (double)row[j] * row[j];
            }

            sumAgreement += (squares - raters) / ((double)raters * (raters - 1));
        }

        var pBar = sumAgreement / counts.Count;
        var all = (double)counts.Count * raters;
        var pe = columnTotals.Sum(t => t / all * (t / all));
        return pe >= 1.0 ? null : (pBar - pe) / (1.0 - pe);
    }

    /// <summary>
    /// Fleiss' kappa from labels: <paramref name="ratings"/>[i] holds the labels the raters gave item i (the same number
    /// of labels for every item, at least two). Categories are the distinct labels (ordinal equality).
    /// </summary>
    public static double? FleissKappa(IReadOnlyList<IReadOnlyList<string>> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var categories = ratings.SelectMany(r => r).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var counts = ratings
            .Select(r => (IReadOnlyList<int>)categories.Select(c => r.Count(l => string.Equals(l, c, StringComparison.Ordinal))).ToList())
            .ToList();
        return FleissKappa(counts);
    }
}
