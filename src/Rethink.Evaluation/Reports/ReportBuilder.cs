using Rethink.Core;
using Rethink.Core.Metrics;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// Turns scored trajectories into a <see cref="Report"/> (one run) or a <see cref="RunComparison"/> (two runs). Reads its
/// inputs only; immutable and thread-safe.
/// </summary>
/// <remarks>
/// Trajectories are identified by (strategy, problem id, sample); a duplicate is refused rather than counted twice.
/// Comparisons pair trajectories by (problem id, sample) and use final correctness.
/// </remarks>
public sealed class ReportBuilder
{
    /// <summary>Creates a builder with <paramref name="options"/> (defaults: 2000 resamples, seed 0, 95%).</summary>
    public ReportBuilder(ReportOptions? options = null)
    {
        Options = options ?? new ReportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BootstrapResamples, 1, nameof(options));
        if (Options.PassAtK.Any(k => k < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Every k of pass@k must be at least 1.");
        }
        if (!(Options.Confidence > 0 && Options.Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Confidence, "Confidence must lie in (0, 1).");
        }
    }

    /// <summary>The statistics settings.</summary>
    public ReportOptions Options { get; }

    /// <summary>
    /// The report of one run: every strategy in order of first appearance, and every pair of strategies (the earlier as
    /// baseline). Throws <see cref="ArgumentException"/> on a duplicate (strategy, problem, sample).
    /// </summary>
    public Report Build(IReadOnlyList<ScoredTrajectory> trajectories, RunMetadata run)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        ArgumentNullException.ThrowIfNull(run);
        var groups = GroupByStrategy(trajectories);
        var strategies = groups.Select(g => BuildStrategy(g.Key, g.Value, IsOracleAssisted(run, g.Key, g.Value))).ToList();
        var comparisons = new List<StrategyComparison>();
        for (var i = 0; i < groups.Count; i++)
        {
            for (var j = i + 1; j < groups.Count; j++)
            {
                comparisons.Add(Compare(run.RunId, strategies[i], groups[i].Value, run.RunId, strategies[j], groups[j].Value));
            }
        }

        return new Report(run, Options, strategies, comparisons);
    }

    /// <summary>
    /// Two runs compared: each run's report, and the candidate run's strategies against the baseline run's, paired by
    /// problem and sample. <paramref name="pairs"/> null pairs strategies of the same name (in baseline order); a named
    /// strategy missing from its run throws <see cref="ArgumentException"/>.
    /// </summary>
    public RunComparison Compare(
        IReadOnlyList<ScoredTrajectory> baseline,
        RunMetadata baselineRun,
        IReadOnlyList<ScoredTrajectory> candidate,
        RunMetadata candidateRun,
        IReadOnlyList<StrategyPair>? pairs = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baselineRun);
        ArgumentNullException.ThrowIfNull(candidateRun);
        var left = Build(baseline, baselineRun);
        var right = Build(candidate, candidateRun);
        var leftGroups = GroupByStrategy(baseline).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var rightGroups = GroupByStrategy(candidate).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        pairs ??= left.Strategies
            .Where(s => rightGroups.ContainsKey(s.Name))
            .Select(s => new StrategyPair(s.Name, s.Name))
            .ToList();

        var comparisons = new List<StrategyComparison>();
        foreach (var pair in pairs)
        {
            var a = left.Strategies.FirstOrDefault(s => s.Name == pair.Baseline)
                ?? throw new ArgumentException($"Strategy '{pair.Baseline}' is not in run '{baselineRun.RunId}'.", nameof(pairs));
            var b = right.Strategies.FirstOrDefault(s => s.Name == pair.Candidate)
                ?? throw new ArgumentException($"Strategy '{pair.Candidate}' is not in run '{candidateRun.RunId}'.", nameof(pairs));
            comparisons.Add(Compare(baselineRun.RunId, a, leftGroups[a.Name], candidateRun.RunId, b, rightGroups[b.Name]));
        }

        return new RunComparison(left, right, comparisons);
    }

    private static List<KeyValuePair<string, List<ScoredTrajectory>>> GroupByStrategy(IReadOnlyList<ScoredTrajectory> trajectories)
    {
        var groups = new List<KeyValuePair<string, List<ScoredTrajectory>>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string, int)>();
        foreach (var t in trajectories)
        {
            if (!seen.Add((t.Strategy, t.ProblemId, t.Sample)))
            {
                throw new ArgumentException(
                    $"Trajectory of strategy '{t.Strategy}' on problem '{t.ProblemId}' sample {t.Sample} appears twice.",
                    nameof(trajectories));
            }

            if (!index.TryGetValue(t.Strategy, out var i))
            {
                i = groups.Count;
                index[t.Strategy] = i;
                groups.Add(new(t.Strategy, []));
            }

            groups[i].Value.Add(t);
        }

        return groups;
    }

    private static bool IsOracleAssisted(RunMetadata run, string strategy, List<ScoredTrajectory> trajectories) =>
        run.FeedbackVerifierStrategies.Contains(strategy, StringComparer.Ordinal) || trajectories.Any(t => t.Trajectory.SawVerifier);

    private StrategyReport BuildStrategy(string name, List<ScoredTrajectory> trajectories, bool sawVerifier)
    {
        var byProblem = trajectories.GroupBy(t => t.ProblemId, StringComparer.Ordinal).ToList();
        var firstVsFinal = byProblem
            .Select(g => (IReadOnlyList<PairedOutcome>)g.Select(TrajectoryOutcomes.FirstVsFinal).ToList())
            .ToList();
        var turnCorrectness = trajectories.Select(TrajectoryOutcomes.TurnCorrectness).ToList();
        var transitions = TransitionTable.FromOutcomes(firstVsFinal.SelectMany(p => p));
        var selfCorrection = ConfidenceCritique.FromSamples(firstVsFinal);
        var cost = CostMetrics.Summarize(trajectories.Select(t => t.Trajectory).ToList());
        var critiques = trajectories.SelectMany(TrajectoryOutcomes.CritiqueJudgements).ToList();
        var passCounts = Options.PassAtK.Count == 0
            ? []
            : byProblem.Select(g => new TaskPassCount(g.Key, g.Count(), g.Count(t => t.FinalCorrect))).ToList();

        return new StrategyReport
        {
            Name = name,
            SawVerifier = sawVerifier,
            Problems = byProblem.Count,
            Trajectories = trajectories.Count,
            SamplesPerProblem = byProblem.Max(g => g.Count()),
            AccuracyAtTurn = TurnAccuracy.AtEachTurn(turnCorrectness),
            SelfCorrection = selfCorrection,
            Oracle = TurnAccuracy.Oracle(turnCorrectness),
            Transitions = transitions,
            FirstVsFinal = Test(transitions, firstVsFinal),
            CritiqueQuality = critiques.Count > 0 ? CritiqueAbility.Compute(critiques) : null,
            StopReasons = CountReasons(trajectories.Select(t => t.Trajectory.StopReason)),
            FinalVerdictReasons = CountReasons(trajectories.Select(t => t.FinalVerdict.Reason)),
            Failures = new FailureCounts(
                trajectories.Count(t => t.Trajectory.StopReason == Core.StopReasons.Error),
                trajectories.Count(t => t.Trajectory.StopReason == Core.StopReasons.Timeout),
                trajectories.Count(t => t.Trajectory.StopReason == Core.StopReasons.Budget),
                trajectories.Count(t => t.Trajectory.StopReason == Core.StopReasons.Cancelled)),
            Cost = cost,
            AccuracyPer1kTokens = CostMetrics.AccuracyPer1kTokens(selfCorrection.Acc2, cost.TotalTokens),
            AccuracyVsTokens = AccuracyTokenCurve.Compute(trajectories.Select(TrajectoryOutcomes.TurnCosts).ToList()),
            PassAtK = Options.PassAtK.Select(k => PassAtKFor(passCounts, k)).ToList(),
            TaskPassCounts = passCounts,
        };
    }

    private StrategyComparison Compare(
        string baselineRun,
        StrategyReport baseline,
        List<ScoredTrajectory> baselineTrajectories,
        string candidateRun,
        StrategyReport candidate,
        List<ScoredTrajectory> candidateTrajectories)
    {
        var candidateByKey = candidateTrajectories.ToDictionary(t => (t.ProblemId, t.Sample));
        var paired = baselineTrajectories
            .Where(t => candidateByKey.ContainsKey((t.ProblemId, t.Sample)))
            .Select(t => (Baseline: t, Candidate: candidateByKey[(t.ProblemId, t.Sample)]))
            .ToList();
        var outcomes = paired
            .GroupBy(p => p.Baseline.ProblemId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<PairedOutcome>)g.Select(p => new PairedOutcome(p.Baseline.FinalCorrect, p.Candidate.FinalCorrect)).ToList())
            .ToList();
        var transitions = TransitionTable.FromOutcomes(outcomes.SelectMany(o => o));

        double? accA = null, accB = null, tokA = null, tokB = null, ratio = null;
        PairedTest? test = null;
        if (paired.Count > 0)
        {
            accA = transitions.AccuracyBefore;
            accB = transitions.AccuracyAfter;
            tokA = paired.Average(p => (double)p.Baseline.Trajectory.TotalUsage.TotalTokens);
            tokB = paired.Average(p => (double)p.Candidate.Trajectory.TotalUsage.TotalTokens);
            ratio = tokA > 0 ? tokB / tokA : null;
            test = Test(transitions, outcomes);
        }

        return new StrategyComparison(
            new ComparisonSide(baselineRun, baseline.Name, baseline.SawVerifier, accA, tokA),
            new ComparisonSide(candidateRun, candidate.Name, candidate.SawVerifier, accB, tokB),
            paired.Count,
            baselineTrajectories.Count - paired.Count,
            candidateTrajectories.Count - paired.Count,
            transitions,
            paired.Count > 0 ? transitions.NetGainRate : null,
            test,
            ratio);
    }

    private PairedTest Test(TransitionTable transitions, IReadOnlyList<IReadOnlyList<PairedOutcome>> outcomes) =>
        new(
            McNemarTest.Exact(transitions),
            PairedBootstrap.AccuracyDifference(outcomes, Options.BootstrapResamples, Options.BootstrapSeed, Options.Confidence));

    private static PassAtKValue PassAtKFor(List<TaskPassCount> counts, int k) =>
        new(k, counts.All(c => c.Samples >= k)
            ? Core.Metrics.PassAtK.Mean(counts.Select(c => new PassCount(c.Samples, c.Passed)).ToList(), k)
            : null);

    private static List<ReasonCount> CountReasons(IEnumerable<string> reasons) =>
        reasons
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => new ReasonCount(g.Key, g.Count()))
            .OrderBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
}
