using System.Globalization;
using Rethink.Core;
using F = Rethink.Evaluation.Reports.ReportFormat;

namespace Rethink.Evaluation.Reports;

/// <summary>The sections of a human-readable report, written to a text or Markdown sink.</summary>
internal static class ReportLayout
{
    private const string Dash = "-";

    public static void Write(Report report, IReportSink sink)
    {
        sink.Title("Rethink report: run " + report.Run.RunId);
        WriteBody(report, sink);
    }

    public static void Write(RunComparison comparison, IReportSink sink)
    {
        var a = comparison.Baseline.Run.RunId;
        var b = comparison.Candidate.Run.RunId;
        sink.Title("Rethink run comparison: " + a + " (baseline) vs " + b + " (candidate)");
        sink.Fact("baseline", Describe(comparison.Baseline.Run));
        sink.Fact("candidate", Describe(comparison.Candidate.Run));
        if (comparison.Baseline.Run.Completion is { IsPartial: true } || comparison.Candidate.Run.Completion is { IsPartial: true })
        {
            sink.Note(ReportLabels.PartialRunWarning);
        }

        WriteStatistics(comparison.Baseline.Options, sink);
        WriteComparisons("Candidate run vs baseline run", comparison.Comparisons, withRun: true, sink);
        sink.Title("Baseline run " + a);
        WriteBody(comparison.Baseline, sink);
        sink.Title("Candidate run " + b);
        WriteBody(comparison.Candidate, sink);
    }

    private static void WriteBody(Report report, IReportSink sink)
    {
        sink.Fact("model", report.Run.Model);
        sink.Fact("dataset", report.Run.Dataset);
        sink.Fact("seed", report.Run.Seed?.ToString(CultureInfo.InvariantCulture) ?? F.Missing);
        sink.Fact("scoring verifier", report.Run.ScoringVerifier ?? F.Missing);
        if (report.Run.Completion is { IsPartial: true } completion)
        {
            sink.Fact("status", Partial(completion));
            sink.Note(ReportLabels.PartialRunWarning);
        }

        if (report.Run.CodeExecution is { } isolation)
        {
            sink.Fact("code execution", isolation);
            if (isolation != Core.Execution.ExecutionIsolation.Sandbox)
            {
                sink.Note(ReportLabels.UnsafeExecutionWarning);
            }
        }

        WriteStatistics(report.Options, sink);

        var strategies = report.Strategies;
        if (strategies.Count == 0)
        {
            sink.Note("No scored trajectories.");
            return;
        }

        WriteAccuracy(strategies, sink);
        WritePassAtK(report.Options, strategies, sink);
        WriteSelfCorrection(strategies, sink);
        WriteTurns(strategies, sink);
        WriteCritiques(strategies, sink);
        WriteCost(strategies, sink);
        WriteCurve(strategies, sink);
        WriteStops(strategies, sink);
        if (report.Comparisons.Count > 0)
        {
            WriteComparisons("Strategy comparisons", report.Comparisons, withRun: false, sink);
        }
    }

    private static string Partial(RunCompletion completion) =>
        completion.StatusName.Replace('_', ' ') + ", "
        + (completion.Total is { } total ? F.Count(completion.Results) + " of " + F.Count(total) : F.Count(completion.Results))
        + " results stored";

    private static string Describe(RunMetadata run) =>
        run.RunId + " (model " + run.Model + ", dataset " + run.Dataset
        + (run.Completion is { IsPartial: true } completion ? "; " + Partial(completion) : string.Empty) + ")";

    private static void WriteStatistics(ReportOptions options, IReportSink sink) =>
        sink.Fact(
            "statistics",
            "exact McNemar test; paired bootstrap " + F.Percent(options.Confidence).Replace(".0%", "%", StringComparison.Ordinal)
            + " percentile interval, problems resampled, B = " + F.Count(options.BootstrapResamples)
            + ", seed " + F.Count(options.BootstrapSeed));

    private static string Name(StrategyReport s) => F.StrategyName(s.Name, s.SawVerifier);

    private static void WriteAccuracy(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        sink.Heading("Accuracy (final answer = honest result)");
        var table = new ReportTable(
            new("strategy", RightAligned: false),
            new("problems"),
            new("trajectories"),
            new("first"),
            new("final"),
            new("oracle*"),
            new("net gain"),
            new("McNemar p"),
            new("95% CI final - first"));
        foreach (var s in strategies)
        {
            table.Add(
                Name(s),
                F.Count(s.Problems),
                F.Count(s.Trajectories),
                F.Percent(s.Acc1),
                F.Percent(s.Acc2),
                F.Percent(s.Oracle),
                F.SignedCount(s.Transitions.NetGain),
                F.PValue(s.FirstVsFinal.McNemar.PValue),
                F.Interval(s.FirstVsFinal.Interval));
        }

        sink.Table(table);
        sink.Note("* " + ReportLabels.OracleAccuracy);
        if (strategies.Any(s => s.SawVerifier))
        {
            sink.Note(
                "[" + ReportLabels.OracleAssisted + "]: the strategy was handed a verifier that reads the gold answer; "
                + "its gains are not self-correction.");
        }
    }

    private static void WritePassAtK(ReportOptions options, IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        if (options.PassAtK.Count == 0)
        {
            return;
        }

        sink.Heading("pass@k (unbiased estimator 1 - C(n-c,k)/C(n,k), final answers)");
        var columns = new List<TableColumn> { new("strategy", RightAligned: false), new("problems"), new("samples n") };
        columns.AddRange(options.PassAtK.Select(k => new TableColumn("pass@" + F.Count(k))));
        var table = new ReportTable([.. columns]);
        foreach (var s in strategies)
        {
            var n = s.TaskPassCounts.Count == 0 ? Dash
                : s.TaskPassCounts.Min(c => c.Samples) == s.TaskPassCounts.Max(c => c.Samples) ? F.Count(s.TaskPassCounts[0].Samples)
                : F.Count(s.TaskPassCounts.Min(c => c.Samples)) + "-" + F.Count(s.TaskPassCounts.Max(c => c.Samples));
            var cells = new List<string> { Name(s), F.Count(s.Problems), n };
            cells.AddRange(s.PassAtK.Select(p => F.Percent(p.Value)));
            table.Add([.. cells]);
        }

        sink.Table(table);
        sink.Note("n/a: some problem has fewer than k samples. Mean over problems of each problem's estimate.");

        sink.Heading("Per-task passes (passed / samples)");
        var tasks = new ReportTable(new("task", RightAligned: false), new("strategy", RightAligned: false), new("passed"), new("samples"), new("pass rate"));
        foreach (var s in strategies)
        {
            foreach (var c in s.TaskPassCounts)
            {
                tasks.Add(c.ProblemId, Name(s), F.Count(c.Passed), F.Count(c.Samples), F.Percent((double)c.Passed / c.Samples));
            }
        }

        sink.Table(tasks);
    }

    private static void WriteSelfCorrection(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        sink.Heading("Self-correction: transitions first -> final, Confidence vs Critique");
        var table = new ReportTable(
            new("strategy", RightAligned: false),
            new("R->R"),
            new("R->W"),
            new("W->R"),
            new("W->W"),
            new("CL"),
            new("CS"),
            new("RSS"));
        foreach (var s in strategies)
        {
            var t = s.Transitions;
            var c = s.SelfCorrection;
            table.Add(
                Name(s),
                F.Count(t.RightToRight),
                F.Count(t.RightToWrong),
                F.Count(t.WrongToRight),
                F.Count(t.WrongToWrong),
                F.Percent(c.ConfidenceLevel),
                F.Percent(c.CritiqueScore),
                F.Decimal(c.RelativeSelfCorrectionScore));
        }

        sink.Table(table);
        sink.Note("CL = P(final right | first right); CS = P(final right | first wrong); RSS 0.5 = no net change, above = helped; n/a = undefined.");
    }

    private static void WriteTurns(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        var maxTurns = strategies.Max(s => s.AccuracyAtTurn.Count);
        if (maxTurns == 0)
        {
            return;
        }

        sink.Heading("Accuracy at committed turn t (last answer carried forward)");
        var columns = new List<TableColumn> { new("strategy", RightAligned: false) };
        columns.AddRange(Enumerable.Range(1, maxTurns).Select(t => new TableColumn("@" + F.Count(t))));
        var table = new ReportTable([.. columns]);
        foreach (var s in strategies)
        {
            var cells = new List<string> { Name(s) };
            cells.AddRange(Enumerable.Range(0, maxTurns).Select(t => t < s.AccuracyAtTurn.Count ? F.Percent(s.AccuracyAtTurn[t]) : Dash));
            table.Add([.. cells]);
        }

        sink.Table(table);
    }

    private static void WriteCritiques(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        var critiqued = strategies.Where(s => s.CritiqueQuality is not null).ToList();
        if (critiqued.Count == 0)
        {
            return;
        }

        sink.Heading("Critic quality (critique verdict vs the scored answer it judged)");

        // The localisation column appears only when the scoring verifier located errors (the lab's does), so reports
        // of datasets without locations keep their shape.
        var located = critiqued.Any(s => s.CritiqueQuality!.Located > 0);
        List<TableColumn> columns =
        [
            new("strategy", RightAligned: false),
            new("critiques"),
            new("TP"),
            new("FP"),
            new("TN"),
            new("FN"),
            new("unsure"),
            new("precision"),
            new("recall"),
            new("F1"),
            new("accuracy"),
        ];
        if (located)
        {
            columns.Add(new("error located"));
        }

        var table = new ReportTable([.. columns]);
        foreach (var s in critiqued)
        {
            var q = s.CritiqueQuality!;
            List<string> cells =
            [
                Name(s),
                F.Count(q.TruePositives + q.FalsePositives + q.TrueNegatives + q.FalseNegatives),
                F.Count(q.TruePositives),
                F.Count(q.FalsePositives),
                F.Count(q.TrueNegatives),
                F.Count(q.FalseNegatives),
                F.Count(q.Unsure),
                F.Percent(q.Precision),
                F.Percent(q.Recall),
                F.Percent(q.F1),
                F.Percent(q.Accuracy),
            ];
            if (located)
            {
                cells.Add(q.Located == 0 ? "n/a" : F.Percent(q.LocalisationAccuracy) + " of " + F.Count(q.Located));
            }

            table.Add([.. cells]);
        }

        sink.Table(table);
        sink.Note("Positive = the answer is wrong; an unsure or unparseable critique counts as a wrong call.");
        if (located)
        {
            sink.Note("error located = of the wrong answers whose first wrong step the scoring verifier found, the share whose critique named that step.");
        }
    }

    private static void WriteCost(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        sink.Heading("Cost per trajectory (means)");
        var table = new ReportTable(
            new("strategy", RightAligned: false),
            new("role", RightAligned: false),
            new("calls"),
            new("input tokens"),
            new("output tokens"),
            new("acc per 1k tokens"));
        foreach (var s in strategies)
        {
            var c = s.Cost;
            table.Add(Name(s), "all", F.Tokens(c.Calls), F.Tokens(c.InputTokens), F.Tokens(c.OutputTokens), F.Decimal(s.AccuracyPer1kTokens));
            foreach (var role in c.ByRole.Where(r => r.Calls > 0))
            {
                table.Add(string.Empty, RoleName(role.Role), F.Tokens(role.Calls), F.Tokens(role.InputTokens), F.Tokens(role.OutputTokens), string.Empty);
            }
        }

        sink.Table(table);
    }

    private static void WriteCurve(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        if (strategies.All(s => s.AccuracyVsTokens.Count == 0))
        {
            return;
        }

        sink.Heading("Accuracy vs tokens (compare strategies at equal budget)");
        var table = new ReportTable(new("strategy", RightAligned: false), new("turn"), new("accuracy"), new("mean tokens"));
        foreach (var s in strategies)
        {
            var first = true;
            foreach (var p in s.AccuracyVsTokens)
            {
                table.Add(first ? Name(s) : string.Empty, F.Count(p.Turn), F.Percent(p.Accuracy), F.Tokens(p.MeanTokens));
                first = false;
            }
        }

        sink.Table(table);
    }

    private static void WriteStops(IReadOnlyList<StrategyReport> strategies, IReportSink sink)
    {
        sink.Heading("Stop reasons, failures and final verdicts");
        var table = new ReportTable(
            new("strategy", RightAligned: false),
            new("stop reasons", RightAligned: false),
            new("failures", RightAligned: false),
            new("final verdict reasons", RightAligned: false));
        foreach (var s in strategies)
        {
            table.Add(Name(s), F.Reasons(s.StopReasons), Failures(s.Failures), F.Reasons(s.FinalVerdictReasons));
        }

        sink.Table(table);
        sink.Note("Failed trajectories stay in every accuracy, scored as they ended (usually wrong).");
    }

    private static string Failures(FailureCounts f)
    {
        if (f.Total == 0)
        {
            return "none";
        }

        var parts = new List<string>();
        void Add(string name, int n)
        {
            if (n > 0)
            {
                parts.Add(name + "=" + F.Count(n));
            }
        }

        Add(StopReasons.Error, f.Errors);
        Add(StopReasons.Timeout, f.Timeouts);
        Add(StopReasons.Budget, f.Budget);
        Add(StopReasons.Cancelled, f.Cancelled);
        return string.Join(", ", parts);
    }

    private static void WriteComparisons(string heading, IReadOnlyList<StrategyComparison> comparisons, bool withRun, IReportSink sink)
    {
        sink.Heading(heading + " (paired by problem and sample, final answers)");
        if (comparisons.Count == 0)
        {
            sink.Note("No strategies to pair.");
            return;
        }

        var table = new ReportTable(
            new("baseline", RightAligned: false),
            new("candidate", RightAligned: false),
            new("pairs"),
            new("baseline acc"),
            new("candidate acc"),
            new("difference"),
            new("McNemar p"),
            new("95% CI"),
            new("token ratio"));
        foreach (var c in comparisons)
        {
            table.Add(
                Side(c.Baseline, withRun),
                Side(c.Candidate, withRun),
                F.Count(c.Pairs),
                F.Percent(c.Baseline.Accuracy),
                F.Percent(c.Candidate.Accuracy),
                F.Points(c.Difference),
                F.PValue(c.Test?.McNemar.PValue),
                F.Interval(c.Test?.Interval),
                F.Ratio(c.TokenRatio));
        }

        sink.Table(table);
        sink.Note("difference = candidate - baseline; token ratio = candidate tokens / baseline tokens per trajectory.");
        foreach (var c in comparisons.Where(c => c.UnpairedBaseline > 0 || c.UnpairedCandidate > 0))
        {
            sink.Note(
                "Left out for lack of a partner: " + F.Count(c.UnpairedBaseline) + " of " + Side(c.Baseline, withRun) + ", "
                + F.Count(c.UnpairedCandidate) + " of " + Side(c.Candidate, withRun) + ".");
        }
    }

    private static string Side(ComparisonSide side, bool withRun) =>
        F.StrategyName(withRun ? side.Run + ":" + side.Strategy : side.Strategy, side.SawVerifier);

    private static string RoleName(ModelRole role) => role.ToString().ToLowerInvariant();
}
