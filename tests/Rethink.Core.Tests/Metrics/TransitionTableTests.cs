using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class TransitionTableTests
{
    [Fact]
    public void Counts_each_transition_and_the_net_gain()
    {
        // 3 x R->R, 1 x R->W, 2 x W->R, 4 x W->W.
        PairedOutcome[] outcomes =
        [
            new(true, true), new(true, true), new(true, true),
            new(true, false),
            new(false, true), new(false, true),
            new(false, false), new(false, false), new(false, false), new(false, false),
        ];

        var t = TransitionTable.FromOutcomes(outcomes);

        Assert.Equal(new TransitionTable(3, 1, 2, 4), t);
        Assert.Equal(10, t.Total);
        Assert.Equal(1, t.NetGain); // 2 - 1
        Assert.Equal(0.1, t.NetGainRate, 15); // 1 / 10
        Assert.Equal(0.4, t.AccuracyBefore, 15); // (3 + 1) / 10
        Assert.Equal(0.5, t.AccuracyAfter, 15); // (3 + 2) / 10
        Assert.Equal(t.AccuracyAfter - t.AccuracyBefore, t.NetGainRate, 15);
    }

    [Fact]
    public void Empty_table_has_zero_rates()
    {
        var t = TransitionTable.FromOutcomes([]);

        Assert.Equal(0, t.Total);
        Assert.Equal(0.0, t.NetGainRate);
    }
}
