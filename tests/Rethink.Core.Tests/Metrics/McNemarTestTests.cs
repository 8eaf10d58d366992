using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class McNemarTestTests
{
    [Theory]
    // b=0, c=5: 2 * C(5,0) / 2^5 = 2/32.
    [InlineData(0, 5, 0.0625)]
    [InlineData(5, 0, 0.0625)]
    // b=1, c=9: 2 * (C(10,0) + C(10,1)) / 2^10 = 22/1024.
    [InlineData(1, 9, 0.021484375)]
    // b=2, c=8: 2 * (1 + 10 + 45) / 1024 = 112/1024.
    [InlineData(2, 8, 0.109375)]
    // Balanced or empty: the doubled tail is at least 1.
    [InlineData(10, 10, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(4, 5, 1.0)]
    public void Small_tables_match_hand_computed_values(long b, long c, double expected)
    {
        var r = McNemarTest.Exact(b, c);

        Assert.Equal(expected, r.PValue, 15);
        Assert.Equal(b + c, r.Discordant);
    }

    [Theory]
    // Reference values from exact integer arithmetic in Python (sum of math.comb over 2^n as a Fraction).
    [InlineData(0, 60, 1.734723475976807e-18)]
    [InlineData(30, 45, 0.10534226887460488)]
    [InlineData(400, 600, 2.7284641560660184e-10)]
    [InlineData(4000, 5000, 5.581401567013917e-26)]
    [InlineData(4900, 5100, 0.04658552770494739)]
    [InlineData(20000, 20600, 0.002950631079514671)]
    public void Large_tables_match_exact_arithmetic(long b, long c, double expected)
    {
        var p = McNemarTest.Exact(b, c).PValue;

        Assert.Equal(1.0, p / expected, 1e-9);
    }

    [Fact]
    public void Uses_the_discordant_cells_of_a_transition_table()
    {
        // R->W = 1 (b), W->R = 9 (c); concordant cells do not matter.
        var r = McNemarTest.Exact(new TransitionTable(100, 1, 9, 50));

        Assert.Equal(new McNemarResult(1, 9, 0.021484375), r with { PValue = Math.Round(r.PValue, 15) });
    }

    [Fact]
    public void Rejects_negative_counts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.Exact(-1, 3));
    }
}
