using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class PairedBootstrapTests
{
    private static List<PairedOutcome> Pairs(int rr, int rw, int wr, int ww) =>
        [
            .. Enumerable.Repeat(new PairedOutcome(true, true), rr),
            .. Enumerable.Repeat(new PairedOutcome(true, false), rw),
            .. Enumerable.Repeat(new PairedOutcome(false, true), wr),
            .. Enumerable.Repeat(new PairedOutcome(false, false), ww),
        ];

    [Fact]
    public void Estimate_is_the_observed_accuracy_difference()
    {
        // After: 3 + 2 = 5 of 10; before: 3 + 1 = 4 of 10 -> 0.1.
        var ci = PairedBootstrap.AccuracyDifference(Pairs(3, 1, 2, 4), resamples: 200, seed: 1);

        Assert.Equal(0.1, ci.Estimate, 15);
        Assert.True(ci.Lower <= ci.Estimate && ci.Estimate <= ci.Upper);
        Assert.Equal(200, ci.Resamples);
        Assert.Equal(0.95, ci.Confidence);
    }

    [Fact]
    public void Same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var pairs = Pairs(30, 7, 12, 51);

        var a = PairedBootstrap.AccuracyDifference(pairs, seed: 42);
        var b = PairedBootstrap.AccuracyDifference(pairs, seed: 42);
        var c = PairedBootstrap.AccuracyDifference(pairs, seed: 43);

        Assert.Equal(a, b);
        Assert.NotEqual((a.Lower, a.Upper), (c.Lower, c.Upper));
    }

    [Fact]
    public void Constant_difference_gives_a_degenerate_interval()
    {
        // Every pair went wrong -> right, so every resample has difference exactly 1.
        var ci = PairedBootstrap.AccuracyDifference(Pairs(0, 0, 25, 0), seed: 3);

        Assert.Equal((1.0, 1.0, 1.0), (ci.Estimate, ci.Lower, ci.Upper));
    }

    [Fact]
    public void Width_matches_the_normal_approximation_on_a_large_sample()
    {
        // n = 400, b = 40, c = 60: d = 20/400 = 0.05; per-pair variance = (b + c)/n - d^2 = 0.25 - 0.0025 = 0.2475;
        // se = sqrt(0.2475 / 400) = 0.024875; 95% normal interval = 0.05 +- 1.96 * 0.024875 = [0.00124, 0.09876].
        var ci = PairedBootstrap.AccuracyDifference(Pairs(150, 40, 60, 150), resamples: 4000, seed: 5);

        Assert.Equal(0.00124, ci.Lower, 0.008);
        Assert.Equal(0.09876, ci.Upper, 0.008);
    }

    [Fact]
    public void Clustered_resampling_keeps_each_problems_samples_together()
    {
        // Two problems, three samples each; problem 1 always improves, problem 2 never changes. Every resample holds
        // k copies of problem 1 out of 2 draws, so the only reachable differences are 0, 1/2 and 1; with pairs
        // resampled one by one, other values (e.g. 1/3) would appear.
        IReadOnlyList<IReadOnlyList<PairedOutcome>> problems =
        [
            [new(false, true), new(false, true), new(false, true)],
            [new(true, true), new(false, false), new(true, true)],
        ];

        var ci = PairedBootstrap.AccuracyDifference(problems, resamples: 500, seed: 9);

        Assert.Equal(0.5, ci.Estimate, 15);
        Assert.Equal(0.0, ci.Lower, 15);
        Assert.Equal(1.0, ci.Upper, 15);
    }

    [Fact]
    public void Rejects_empty_input_and_bad_settings()
    {
        Assert.Throws<ArgumentException>(() => PairedBootstrap.AccuracyDifference(Array.Empty<PairedOutcome>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.AccuracyDifference(Pairs(1, 0, 0, 0), resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.AccuracyDifference(Pairs(1, 0, 0, 0), confidence: 1.0));
    }
}
