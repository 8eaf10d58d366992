using Rethink.Evaluation.Reports;
using Rethink.Evaluation.Runs;

namespace Rethink.Evaluation.Tests.Reports;

public class RendererSnapshotTests
{
    private static readonly Report Report = new ReportBuilder().Build(Fixtures.All(), Fixtures.Metadata());

    // The baseline run is complete; the candidate was interrupted, so its header says the report is partial.
    private static readonly RunComparison Comparison = new ReportBuilder().Compare(
        [.. Fixtures.Baseline(), .. Fixtures.SelfRefine()],
        Fixtures.Metadata("run-1") with { Completion = new(RunStatus.Completed, 12, 12) },
        [.. Fixtures.Baseline(), .. Fixtures.VerifierRefine("self-refine")],
        Fixtures.Metadata("run-2") with { FeedbackVerifierStrategies = ["self-refine"], Completion = new(RunStatus.Interrupted, 12, 20) });

    [Fact]
    public void Text_report() => Snapshot.Match(new TextReportRenderer().Render(Report), "report.txt");

    [Fact]
    public void Markdown_report() => Snapshot.Match(new MarkdownReportRenderer().Render(Report), "report.md");

    [Fact]
    public void Json_report() => Snapshot.Match(new JsonReportRenderer().Render(Report), "report.json");

    [Fact]
    public void Text_run_comparison() => Snapshot.Match(new TextReportRenderer().Render(Comparison), "comparison.txt");

    [Fact]
    public void Markdown_run_comparison() => Snapshot.Match(new MarkdownReportRenderer().Render(Comparison), "comparison.md");

    [Fact]
    public void Json_run_comparison() => Snapshot.Match(new JsonReportRenderer().Render(Comparison), "comparison.json");

    [Fact]
    public void Diff_marks_changed_lines()
    {
        var diff = Snapshot.Diff("a\nb\nc", "a\nB\nc");

        Assert.Equal("-   2: b\n+   2: B\n", diff);
    }
}
