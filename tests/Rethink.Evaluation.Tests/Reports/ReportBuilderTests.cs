using Rethink.Core;
using Rethink.Core.Metrics;
using Rethink.Evaluation.Reports;

namespace Rethink.Evaluation.Tests.Reports;

public class ReportBuilderTests
{
    private static readonly Report Report = new ReportBuilder().Build(Fixtures.All(), Fixtures.Metadata());

    private static StrategyReport Strategy(string name) => Report.Strategies.Single(s => s.Name == name);

    [Fact]
    public void Strategies_keep_input_order_and_count_problems_and_samples()
    {
        Assert.Equal(["baseline", "self-refine", "verifier-refine"], Report.Strategies.Select(s => s.Name));
        Assert.All(Report.Strategies, s => Assert.Equal((3, 6, 2), (s.Problems, s.Trajectories, s.SamplesPerProblem)));
    }

    [Fact]
    public void Baseline_numbers()
    {
        // First = final for a single pass. Pa: p1 1, p2 1/2, p3 0 -> Acc1 = Acc2 = 1.5/3 = 0.5.
        // CL = (1*1 + 0.5*1 + 0) / 1.5 = 1; CS = (0 + 0.5*0 + 1*0) / 1.5 = 0; RSS = (0.5 - 0.25) / (2 * 0.25) = 0.5.
        var s = Strategy("baseline");

        Assert.Equal(0.5, s.Acc1, 15);
        Assert.Equal(0.5, s.Acc2, 15);
        Assert.Equal(1.0, s.SelfCorrection.ConfidenceLevel!.Value, 15);
        Assert.Equal(0.0, s.SelfCorrection.CritiqueScore!.Value, 15);
        Assert.Equal(0.5, s.SelfCorrection.RelativeSelfCorrectionScore);
        Assert.Equal(new TransitionTable(3, 0, 0, 3), s.Transitions);
        Assert.Equal([0.5], s.AccuracyAtTurn);
        Assert.Equal(0.5, s.Oracle, 15);
        Assert.Equal(1.0, s.FirstVsFinal.McNemar.PValue);
        Assert.Equal([new ReasonCount(StopReasons.SinglePass, 6)], s.StopReasons);
        Assert.False(s.SawVerifier);
        Assert.Null(s.Label);
    }

    [Fact]
    public void Self_refine_numbers()
    {
        // Per trajectory (first, final): p1s0 (R,R) p1s1 (R,W) p2s0 (W,R) p2s1 (R,R) p3s0 (W,W) p3s1 (W,W: no answer).
        // Pa/Pb/Pc: p1 1, 1/2, 0; p2 1/2, 1, 1; p3 0, 0, 0.
        // Acc1 = (1 + 1/2 + 0) / 3 = 0.5; Acc2 = (1/2 + (1/2 + 1/2) + 0) / 3 = 0.5.
        // CL = (1/2 + 1/2) / (1 + 1/2) = 2/3; CS = (0 + 1/2 + 0) / (0 + 1/2 + 1) = 1/3; RSS = 0.5 (Acc2 = Acc1).
        var s = Strategy("self-refine");

        Assert.Equal(0.5, s.Acc1, 15);
        Assert.Equal(0.5, s.Acc2, 15);
        Assert.Equal(2.0 / 3, s.SelfCorrection.ConfidenceLevel!.Value, 15);
        Assert.Equal(1.0 / 3, s.SelfCorrection.CritiqueScore!.Value, 15);
        Assert.Equal(0.5, s.SelfCorrection.RelativeSelfCorrectionScore);
        Assert.Equal(new TransitionTable(2, 1, 1, 2), s.Transitions);
        Assert.Equal(0, s.Transitions.NetGain);

        // Acc@1: R R W R W W = 3/6; Acc@2: R W R R(carried) W W = 3/6. Oracle: p1s0 p1s1 p2s0 p2s1 = 4/6.
        Assert.Equal([0.5, 0.5], s.AccuracyAtTurn);
        Assert.Equal(4.0 / 6, s.Oracle, 15);

        // b = 1, c = 1: balanced, p = 1.
        Assert.Equal(new McNemarResult(1, 1, 1.0), s.FirstVsFinal.McNemar);
        Assert.Equal(0.0, s.FirstVsFinal.Interval.Estimate);

        Assert.Equal(
            [new ReasonCount(StopReasons.CriticAccepted, 1), new ReasonCount(StopReasons.Error, 1), new ReasonCount(StopReasons.MaxRounds, 4)],
            s.StopReasons);
        Assert.Equal(new FailureCounts(1, 0, 0, 0), s.Failures);
        Assert.Contains(new ReasonCount("no_answer", 1), s.FinalVerdictReasons);
    }

    [Fact]
    public void Self_refine_cost()
    {
        // Four full trajectories: generator 2 calls (10+5, 30+7), critic 1 call (20+3) = 75 tokens.
        // p2s1: generator (10+5) + critic (20+3) = 38 tokens. p3s1: nothing.
        // Generator: calls 9/6 = 1.5, input 170/6, output 53/6. Critic: calls 5/6, input 100/6, output 15/6.
        // Tokens per trajectory: (4 * 75 + 38) / 6 = 338/6; acc per 1k tokens = 0.5 * 1000 / (338/6).
        var c = Strategy("self-refine").Cost;

        Assert.Equal(new RoleCost(ModelRole.Generator, 1.5, 170.0 / 6, 53.0 / 6), c.ByRole[0]);
        Assert.Equal(new RoleCost(ModelRole.Critic, 5.0 / 6, 100.0 / 6, 15.0 / 6), c.ByRole[1]);
        Assert.Equal(338.0 / 6, c.TotalTokens, 12);
        Assert.Equal(500.0 / (338.0 / 6), Strategy("self-refine").AccuracyPer1kTokens!.Value, 12);

        // Curve: turn 1 -> 3/6 correct at (15 * 4 + 38 + 0) / 6 tokens (p2s1 and p3s1 have finished: their totals);
        // turn 2 -> 3/6 at the totals 338/6.
        Assert.Equal(
            [new TokenCurvePoint(1, 0.5, 98.0 / 6), new TokenCurvePoint(2, 0.5, 338.0 / 6)],
            Strategy("self-refine").AccuracyVsTokens);
    }

    [Fact]
    public void Self_refine_critic_quality()
    {
        // TP 1 (p2s0), FP 2 (p1s0, p1s1), TN 1 (p2s1), FN 1 (p3s0, unsure).
        // Precision = 1/3; recall = 1/2; F1 = 2 (1/6) / (5/6) = 2/5; accuracy = 2/5.
        var q = Strategy("self-refine").CritiqueQuality!;

        Assert.Equal((1L, 2L, 1L, 1L, 1L), (q.TruePositives, q.FalsePositives, q.TrueNegatives, q.FalseNegatives, q.Unsure));
        Assert.Equal(1.0 / 3, q.Precision!.Value, 15);
        Assert.Equal(0.5, q.Recall!.Value, 15);
        Assert.Equal(0.4, q.F1!.Value, 15);
        Assert.Equal(0.4, q.Accuracy!.Value, 15);
        Assert.Null(Strategy("baseline").CritiqueQuality);
    }

    [Fact]
    public void Verifier_refine_is_labelled_oracle_assisted()
    {
        // Pa/Pb/Pc: p1 1, 1, 0; p2 0, 0, 1; p3 0, 0, 1/2.
        // Acc1 = 1/3; Acc2 = (1 + 1 + 1/2) / 3 = 5/6; CL = 1/1 = 1; CS = (1 + 1/2) / 2 = 3/4;
        // RSS = (5/6 - 1/9) / (2 (1/3)(2/3)) = (13/18) / (8/18) = 13/8.
        var s = Strategy("verifier-refine");

        Assert.True(s.SawVerifier);
        Assert.Equal(ReportLabels.OracleAssisted, s.Label);
        Assert.Equal(1.0 / 3, s.Acc1, 15);
        Assert.Equal(5.0 / 6, s.Acc2, 15);
        Assert.Equal(1.0, s.SelfCorrection.ConfidenceLevel!.Value, 15);
        Assert.Equal(0.75, s.SelfCorrection.CritiqueScore!.Value, 15);
        Assert.Equal(13.0 / 8, s.SelfCorrection.RelativeSelfCorrectionScore!.Value, 12);

        // b = 0, c = 3: p = 2 / 2^3 = 0.25.
        Assert.Equal(0.25, s.FirstVsFinal.McNemar.PValue, 15);
    }

    [Fact]
    public void Configured_feedback_verifier_labels_a_strategy_even_if_never_consulted()
    {
        var run = Fixtures.Metadata() with { FeedbackVerifierStrategies = ["baseline"] };

        var report = new ReportBuilder().Build(Fixtures.Baseline(), run);

        Assert.True(report.Strategies[0].SawVerifier);
    }

    [Fact]
    public void Pairwise_comparisons_pair_by_problem_and_sample()
    {
        Assert.Equal(3, Report.Comparisons.Count);
        var c = Report.Comparisons[0];

        // baseline -> self-refine finals: p1s0 RR, p1s1 RW, p2s0 WR, p2s1 RR, p3s0 WW, p3s1 WW.
        Assert.Equal(("baseline", "self-refine"), (c.Baseline.Strategy, c.Candidate.Strategy));
        Assert.Equal(6, c.Pairs);
        Assert.Equal(new TransitionTable(2, 1, 1, 2), c.Transitions);
        Assert.Equal(0.0, c.Difference);
        Assert.Equal(1.0, c.Test!.McNemar.PValue);

        // Tokens: baseline 15 per trajectory, self-refine 338/6.
        Assert.Equal(338.0 / 6 / 15, c.TokenRatio!.Value, 12);

        // baseline -> verifier-refine: p1s0 RR, p1s1 RR, p2s0 WR, p2s1 RR, p3s0 WR, p3s1 WW: diff (5 - 3) / 6.
        var v = Report.Comparisons[1];
        Assert.Equal(new TransitionTable(3, 0, 2, 1), v.Transitions);
        Assert.Equal(2.0 / 6, v.Difference!.Value, 15);
        Assert.True(v.Candidate.SawVerifier);
        Assert.Equal(ReportLabels.OracleAssisted, v.Candidate.Label);
    }

    [Fact]
    public void Unpaired_trajectories_are_counted_and_left_out()
    {
        var baseline = Fixtures.Baseline().Where(t => t.ProblemId != "p3").ToList();
        var report = new ReportBuilder().Build([.. baseline, .. Fixtures.SelfRefine()], Fixtures.Metadata());
        var c = report.Comparisons.Single();

        Assert.Equal((4, 0, 2), (c.Pairs, c.UnpairedBaseline, c.UnpairedCandidate));
    }

    [Fact]
    public void Same_input_and_seed_give_the_same_report()
    {
        var again = new ReportBuilder().Build(Fixtures.All(), Fixtures.Metadata());

        Assert.Equal(new JsonReportRenderer().Render(Report), new JsonReportRenderer().Render(again));
    }

    [Fact]
    public void Bootstrap_settings_are_honoured()
    {
        var report = new ReportBuilder(new ReportOptions { BootstrapResamples = 100, BootstrapSeed = 3 }).Build(Fixtures.All(), Fixtures.Metadata());

        var ci = report.Strategies[1].FirstVsFinal.Interval;
        Assert.Equal((100, 3), (ci.Resamples, ci.Seed));
    }

    [Fact]
    public void Duplicate_trajectories_are_refused()
    {
        var twice = Fixtures.Baseline().Concat(Fixtures.Baseline().Take(1)).ToList();

        var e = Assert.Throws<ArgumentException>(() => new ReportBuilder().Build(twice, Fixtures.Metadata()));
        Assert.Contains("p1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_comparison_pairs_strategies_by_name_or_by_choice()
    {
        var builder = new ReportBuilder();
        var before = Fixtures.Baseline().Concat(Fixtures.SelfRefine()).ToList();
        var after = Fixtures.VerifierRefine("self-refine");

        var byName = builder.Compare(before, Fixtures.Metadata("run-1"), after, Fixtures.Metadata("run-2"));
        var c = Assert.Single(byName.Comparisons);
        Assert.Equal(("run-1", "self-refine", "run-2", "self-refine"), (c.Baseline.Run, c.Baseline.Strategy, c.Candidate.Run, c.Candidate.Strategy));

        // self-refine finals R W R R W W vs verifier finals R R R R R W: RR 3, WR 2, WW 1.
        Assert.Equal(new TransitionTable(3, 0, 2, 1), c.Transitions);

        var chosen = builder.Compare(before, Fixtures.Metadata("run-1"), after, Fixtures.Metadata("run-2"), [new StrategyPair("baseline", "self-refine")]);
        Assert.Equal("baseline", Assert.Single(chosen.Comparisons).Baseline.Strategy);

        Assert.Throws<ArgumentException>(() =>
            builder.Compare(before, Fixtures.Metadata("run-1"), after, Fixtures.Metadata("run-2"), [new StrategyPair("nope", "self-refine")]));
    }
}
