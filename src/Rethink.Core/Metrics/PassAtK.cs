namespace Rethink.Core.Metrics;

/// <summary>
/// The unbiased pass@k estimator (Chen et al. 2021): with n samples of which c pass, the probability that at least one of
/// k samples drawn without replacement passes, 1 - C(n-c, k) / C(n, k). Pure and thread-safe.
/// </summary>
public static class PassAtK
{
    /// <summary>
    /// pass@k for one problem. Evaluated as 1 - prod_{i=n-c+1..n} (1 - k/i), which equals the binomial ratio without
    /// forming the huge binomials; 1 when n - c &lt; k (every draw of k contains a pass). Throws unless
    /// 0 &lt;= c &lt;= n and 1 &lt;= k &lt;= n.
    /// </summary>
    public static double Estimate(int samples, int correct, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(correct);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(correct, samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, samples);
        if (samples - correct < k)
        {
            return 1.0;
        }

        var allFail = 1.0;
        for (var i = samples - correct + 1; i <= samples; i++)
        {
            allFail *= 1.0 - ((double)k / i);
        }

        return 1.0 - allFail;
    }

    /// <summary>Mean pass@k over problems; throws when <paramref name="problems"/> is empty.</summary>
    public static double Mean(IReadOnlyList<PassCount> problems, int k)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("pass@k needs at least one problem.", nameof(problems));
        }

        return problems.Average(p => Estimate(p.Samples, p.Correct, k));
    }
}
