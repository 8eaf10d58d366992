namespace Rethink.Strategies.Tests;

public class AdaptiveConsistencyTests
{
    [Theory]
    [InlineData(3, 0, 15.0 / 16)]
    [InlineData(4, 0, 31.0 / 32)]
    [InlineData(2, 1, 11.0 / 16)]
    [InlineData(5, 1, 120.0 / 128)]
    [InlineData(6, 1, 247.0 / 256)]
    [InlineData(0, 0, 0.5)]
    [InlineData(1, 1, 0.5)]
    [InlineData(3, 3, 0.5)]
    public void Matches_hand_computed_values(int a, int b, double expected) =>
        Assert.Equal(expected, AdaptiveConsistency.MajorityProbability(a, b), 12);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(7, 4)]
    [InlineData(10, 2)]
    [InlineData(20, 15)]
    public void Matches_numerical_integration_of_the_beta_posterior(int a, int b)
    {
        // Independent check: Simpson's rule on x^a (1-x)^b over [0.5, 1] and [0, 1].
        static double Integrate(Func<double, double> f, double lo, double hi)
        {
            const int n = 20_000;
            var h = (hi - lo) / n;
            var sum = f(lo) + f(hi);
            for (var i = 1; i < n; i++)
            {
                sum += f(lo + (i * h)) * (i % 2 == 1 ? 4 : 2);
            }

            return sum * h / 3;
        }

        double F(double x) => Math.Pow(x, a) * Math.Pow(1 - x, b);
        var expected = Integrate(F, 0.5, 1) / Integrate(F, 0, 1);
        Assert.Equal(expected, AdaptiveConsistency.MajorityProbability(a, b), 9);
    }

    [Fact]
    public void Stays_in_range_for_large_counts_and_is_symmetric()
    {
        Assert.Equal(1.0, AdaptiveConsistency.MajorityProbability(5000, 0), 12);
        var p = AdaptiveConsistency.MajorityProbability(3000, 2900);
        Assert.InRange(p, 0.5, 1.0);
        Assert.Equal(1.0, AdaptiveConsistency.MajorityProbability(7, 3) + AdaptiveConsistency.MajorityProbability(3, 7), 12);
    }

    [Fact]
    public void Stop_rule_uses_the_threshold_inclusively()
    {
        Assert.False(AdaptiveConsistency.ShouldStop(3, 0, 0.95));
        Assert.True(AdaptiveConsistency.ShouldStop(4, 0, 0.95));
        Assert.True(AdaptiveConsistency.ShouldStop(3, 0, 0.9375));
    }

    [Fact]
    public void Rejects_negative_counts() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveConsistency.MajorityProbability(-1, 0));
}
