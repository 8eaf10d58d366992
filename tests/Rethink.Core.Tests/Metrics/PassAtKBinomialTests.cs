using System.Numerics;
using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

/// <summary>The product form against Chen et al.'s 1 - C(n-c,k)/C(n,k) in exact integer arithmetic, over a grid.</summary>
public class PassAtKBinomialTests
{
    private static BigInteger Choose(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return BigInteger.Zero;
        }

        var result = BigInteger.One;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    private static double Exact(int n, int c, int k)
    {
        // 1 - a/b with a/b formed exactly, then scaled to 2^-60 resolution before the one rounding to double.
        var a = Choose(n - c, k);
        var b = Choose(n, k);
        var scaled = (b - a) * (BigInteger.One << 60) / b;
        return (double)scaled / Math.Pow(2, 60);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void The_stable_product_equals_the_binomial_ratio(int k)
    {
        foreach (var n in new[] { 100, 137, 200 })
        {
            for (var c = 0; c <= n; c++)
            {
                Assert.Equal(Exact(n, c, k), PassAtK.Estimate(n, c, k), 12);
            }
        }
    }
}
