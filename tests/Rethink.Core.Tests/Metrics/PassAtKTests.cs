using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class PassAtKTests
{
    [Theory]
    // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7.
    [InlineData(5, 2, 2, 0.7)]
    // k=1 is the plain pass rate: 3/200.
    [InlineData(200, 3, 1, 0.015)]
    [InlineData(1000, 1, 10, 0.01)]
    [InlineData(10, 0, 3, 0.0)]
    // n - c < k: every draw of 3 from 5 with 3 correct contains a correct one.
    [InlineData(5, 3, 3, 1.0)]
    // Reference values from exact rational arithmetic in Python (math.comb).
    [InlineData(200, 5, 50, 0.7666870346193357)]
    [InlineData(50, 10, 20, 0.9970751361574547)]
    public void Matches_the_binomial_form(int n, int c, int k, double expected)
    {
        Assert.Equal(expected, PassAtK.Estimate(n, c, k), 12);
    }

    [Fact]
    public void Mean_averages_problems()
    {
        // (0.7 + 1.0) / 2.
        Assert.Equal(0.85, PassAtK.Mean([new PassCount(5, 2), new PassCount(5, 5)], 2), 12);
    }

    [Fact]
    public void Rejects_impossible_counts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(5, 6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(5, 1, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(5, 1, 0));
    }
}
