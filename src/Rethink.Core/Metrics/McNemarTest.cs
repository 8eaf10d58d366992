namespace Rethink.Core.Metrics;

/// <summary>
/// The exact (binomial) McNemar test: under the null hypothesis each of the n = b + c discordant pairs is equally likely
/// to favour either side, so p = min(1, 2 * sum_{i=0..min(b,c)} C(n, i) * 0.5^n), and p = 1 when n = 0. Concordant
/// pairs do not enter. Pure and thread-safe.
/// </summary>
public static class McNemarTest
{
    /// <summary>The test on <paramref name="beforeOnly"/> (b) and <paramref name="afterOnly"/> (c) discordant pairs.</summary>
    /// <remarks>
    /// Stable for any n: the tail is summed relative to its largest term C(n, k), k = min(b, c), walking down with the
    /// ratio C(n, i-1) / C(n, i) = i / (n - i + 1) (terms shrink geometrically since k &lt; n/2), and C(n, k) * 0.5^n is
    /// taken in log space, so nothing overflows or underflows before the final exponent.
    /// </remarks>
    public static McNemarResult Exact(long beforeOnly, long afterOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beforeOnly);
        ArgumentOutOfRangeException.ThrowIfNegative(afterOnly);
        return new McNemarResult(beforeOnly, afterOnly, TwoSidedPValue(beforeOnly, afterOnly));
    }

    /// <summary>The test on a transition table: b = RightToWrong, c = WrongToRight.</summary>
    public static McNemarResult Exact(TransitionTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Exact(table.RightToWrong, table.WrongToRight);
    }

    private static double TwoSidedPValue(long b, long c)
    {
        var n = b + c;
        var k = Math.Min(b, c);

        // A tail holding at least half the mass doubles to 1 or more: this covers n = 0 and b = c.
        if (2 * k >= n)
        {
            return 1.0;
        }

        double relativeSum = 1.0, term = 1.0;
        for (var i = k; i > 0; i--)
        {
            term *= i / (double)(n - i + 1);
            relativeSum += term;
            if (term < relativeSum * 1e-17)
            {
                break;
            }
        }

        var logP = Math.Log(2.0) + SpecialFunctions.LogChoose(n, k) - (n * Math.Log(2.0)) + Math.Log(relativeSum);
        return Math.Min(1.0, Math.Exp(logP));
    }
}
