namespace Rethink.Core.Metrics;

/// <summary>Log-factorials and log-binomials for the exact tests. Pure and thread-safe.</summary>
internal static class SpecialFunctions
{
    // n! is exact in a double up to 22!, so small arguments take the log of the exact product.
    private const int ExactLimit = 20;

    private static readonly double[] SmallLogFactorials = BuildSmallTable();

    /// <summary>ln(n!) with relative error near machine precision.</summary>
    public static double LogFactorial(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n <= ExactLimit)
        {
            return SmallLogFactorials[n];
        }

        // Stirling's series; for n > 20 the first omitted term (1/(1188 n^9)) is below 1e-15.
        var x = (double)n;
        var inv = 1.0 / x;
        var inv2 = inv * inv;
        var series = inv * ((1.0 / 12.0) - (inv2 * ((1.0 / 360.0) - (inv2 * ((1.0 / 1260.0) - (inv2 / 1680.0))))));
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2.0 * Math.PI * x)) + series;
    }

    /// <summary>ln C(n, k) for 0 &lt;= k &lt;= n.</summary>
    public static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double[] BuildSmallTable()
    {
        var table = new double[ExactLimit + 1];
        var factorial = 1.0;
        for (var i = 0; i <= ExactLimit; i++)
        {
            factorial *= Math.Max(i, 1);
            table[i] = Math.Log(factorial);
        }

        return table;
    }
}
