using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Evaluation.Reports;
using Rethink.Testing;

namespace Rethink.Evaluation.Tests.Reports;

public class PassAtKReportTests
{
    // t1: 5 samples, 2 pass; t2: 5 samples, 5 pass; t3: 5 samples, 0 pass.
    // pass@1 = (2/5 + 1 + 0) / 3 = 0.466667; pass@2 = (1 - C(3,2)/C(5,2) = 0.7, 1, 0) / 3 = 0.566667; pass@10 = n/a (n = 5 < 10).
    private static IReadOnlyList<ScoredTrajectory> Samples()
    {
        var list = new List<ScoredTrajectory>();
        void Add(string task, params bool[] passes)
        {
            for (var i = 0; i < passes.Length; i++)
            {
                list.Add(Fixtures.Make("samples", task, i, ResponseScorer.ExternalStopReason, false, Step.Generate(passes[i])));
            }
        }

        Add("t1", true, false, false, true, false);
        Add("t2", true, true, true, true, true);
        Add("t3", false, false, false, false, false);
        return list;
    }

    private static Report Build(string? isolation = ExecutionIsolation.Sandbox) =>
        new ReportBuilder(new ReportOptions { PassAtK = [1, 2, 10] })
            .Build(Samples(), new RunMetadata("score:samples.jsonl", "external (samples.jsonl)", "problems.jsonl (humaneval)")
            {
                ScoringVerifier = "execution",
                CodeExecution = isolation,
            });

    [Fact]
    public void Pass_at_k_is_the_mean_of_the_per_task_estimates_and_null_where_n_is_below_k()
    {
        var s = Assert.Single(Build().Strategies);

        Assert.Equal([1, 2, 10], s.PassAtK.Select(p => p.K));
        Assert.Equal(1.4 / 3, s.PassAtK[0].Value!.Value, 12);
        Assert.Equal(1.7 / 3, s.PassAtK[1].Value!.Value, 12);
        Assert.Null(s.PassAtK[2].Value);
        Assert.Equal([new TaskPassCount("t1", 5, 2), new TaskPassCount("t2", 5, 5), new TaskPassCount("t3", 5, 0)], s.TaskPassCounts);
    }

    [Fact]
    public void Without_k_values_nothing_about_pass_at_k_is_computed_or_shown()
    {
        var report = new ReportBuilder().Build(Samples(), new RunMetadata("r", "m", "d"));

        Assert.Empty(report.Strategies[0].PassAtK);
        Assert.Empty(report.Strategies[0].TaskPassCounts);
        var text = new TextReportRenderer().Render(report);
        Assert.DoesNotContain("pass@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("code execution", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pass_at_k", new JsonReportRenderer().Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_k_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportBuilder(new ReportOptions { PassAtK = [0] }));

    [Fact]
    public void The_unsafe_isolation_gets_a_loud_line_and_the_sandbox_none()
    {
        Assert.Contains(ReportLabels.UnsafeExecutionWarning, new TextReportRenderer().Render(Build(ExecutionIsolation.UnsafeLocal)), StringComparison.Ordinal);
        Assert.Contains(ReportLabels.UnsafeExecutionWarning, new MarkdownReportRenderer().Render(Build(ExecutionIsolation.UnsafeLocal)), StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", new TextReportRenderer().Render(Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_report() => Snapshot.Match("pass-at-k.txt", new TextReportRenderer().Render(Build()));

    [Fact]
    public void Json_report() => Snapshot.Match("pass-at-k.json", new JsonReportRenderer().Render(Build()));
}
