using Rethink.Evaluation.Reports;
using Rethink.Evaluation.Runs;
using Rethink.Testing;

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
    public void Text_report() => Snapshot.Match("report.txt", new TextReportRenderer().Render(Report));

    [Fact]
    public void Markdown_report() => Snapshot.Match("report.md", new MarkdownReportRenderer().Render(Report));

    [Fact]
    public void Json_report() => Snapshot.Match("report.json", new JsonReportRenderer().Render(Report));

    [Fact]
    public void Text_run_comparison() => Snapshot.Match("comparison.txt", new TextReportRenderer().Render(Comparison));

    [Fact]
    public void Markdown_run_comparison() => Snapshot.Match("comparison.md", new MarkdownReportRenderer().Render(Comparison));

    [Fact]
    public void Json_run_comparison() => Snapshot.Match("comparison.json", new JsonReportRenderer().Render(Comparison));

    [Fact]
    public void Diff_marks_changed_lines()
    {
        var diff = Snapshot.Diff("a\nb\nc", "a\nB\nc");

        Assert.Equal("-   2: b\n+   2: B\n", diff);
    }
}
