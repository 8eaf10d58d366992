using System.Text.Json;
using Rethink.Core;
using Rethink.Evaluation.Reports;

namespace Rethink.Evaluation.Tests.Reports;

public class RendererTests
{
    private static readonly Report Report = new ReportBuilder().Build(Fixtures.All(), Fixtures.Metadata());

    public static TheoryData<string> HumanFormats => ["text", "markdown"];

    private static IReportRenderer Renderer(string format) => format switch
    {
        "text" => new TextReportRenderer(),
        "markdown" => new MarkdownReportRenderer(),
        _ => new JsonReportRenderer(),
    };

    [Theory]
    [MemberData(nameof(HumanFormats))]
    public void Every_row_of_an_oracle_assisted_strategy_carries_the_label(string format)
    {
        var lines = Renderer(format).Render(Report).Split('\n');

        var rows = lines.Where(l => l.Contains("verifier-refine", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count >= 6, "the strategy should appear in every table");
        Assert.All(rows, l => Assert.Contains(ReportLabels.OracleAssisted, l, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HumanFormats))]
    public void Oracle_accuracy_is_explained_next_to_the_honest_number(string format)
    {
        var text = Renderer(format).Render(Report);

        Assert.Contains("oracle*", text, StringComparison.Ordinal);
        Assert.Contains(ReportLabels.OracleAccuracy, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HumanFormats))]
    public void Error_localisation_is_shown_only_when_the_verifier_located_errors(string format)
    {
        // Two wrong first answers whose verdicts name step 2; the critiques name step 2 and step 1.
        static ScoredTrajectory Located(string problem, string critique)
        {
            var t = Fixtures.Make("self-refine", problem, 0, StopReasons.MaxRounds, false, Step.Generate(false), Step.Critique(VerdictLabel.Incorrect), Step.Refine(false));
            var turns = t.Trajectory.Turns.ToList();
            turns[1] = turns[1] with { Critique = new Critique(critique, VerdictLabel.Incorrect, CritiqueSource.Self) };
            return t with
            {
                Trajectory = t.Trajectory with { Turns = turns },
                TurnVerdicts = t.TurnVerdicts.Select(v => v with { ErrorLocation = "step 2" }).ToList(),
            };
        }

        var located = new ReportBuilder().Build([Located("p1", "Step 2 is wrong."), Located("p2", "Step 1 is wrong.")], Fixtures.Metadata());

        var text = Renderer(format).Render(located);
        Assert.Contains("error located", text, StringComparison.Ordinal);
        Assert.Contains("50.0% of 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("error located", Renderer(format).Render(Report), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(new JsonReportRenderer().Render(located));
        var quality = json.RootElement.GetProperty("strategies")[0].GetProperty("critique_quality");
        Assert.Equal((2, 1, 0.5), (quality.GetProperty("located").GetInt32(), quality.GetProperty("located_right").GetInt32(), quality.GetProperty("localisation_accuracy").GetDouble()));
    }

    [Fact]
    public void Json_has_the_documented_fields_per_strategy()
    {
        using var doc = JsonDocument.Parse(new JsonReportRenderer().Render(Report));
        var root = doc.RootElement;

        Assert.Equal(Report.SchemaVersion, root.GetProperty("schema_version").GetInt32());
        var s = root.GetProperty("strategies")[1];
        Assert.Equal("self-refine", s.GetProperty("name").GetString());
        Assert.Equal(0.5, s.GetProperty("acc1").GetDouble());
        Assert.Equal(0.5, s.GetProperty("acc2").GetDouble());
        Assert.Equal(2.0 / 3, s.GetProperty("cl").GetDouble());
        Assert.Equal(1.0 / 3, s.GetProperty("cs").GetDouble());
        Assert.Equal(0.5, s.GetProperty("rss").GetDouble());
        Assert.Equal(4.0 / 6, s.GetProperty("oracle").GetDouble());
        var t = s.GetProperty("transitions");
        Assert.Equal((2, 1, 1, 2), (t.GetProperty("rr").GetInt32(), t.GetProperty("rw").GetInt32(), t.GetProperty("wr").GetInt32(), t.GetProperty("ww").GetInt32()));
        Assert.Equal(0, s.GetProperty("net_gain").GetInt32());
        Assert.Equal(1.0, s.GetProperty("mcnemar_p").GetDouble());
        Assert.Equal(2, s.GetProperty("bootstrap_ci").GetArrayLength());
        Assert.Equal(338.0 / 6, s.GetProperty("tokens").GetProperty("total").GetDouble(), 12);
        Assert.Equal(5.0 / 6, s.GetProperty("tokens").GetProperty("by_role").GetProperty("critic").GetProperty("calls").GetDouble(), 12);
        Assert.True(s.GetProperty("calls").GetDouble() > 0);
        Assert.True(s.GetProperty("acc_per_1k_tokens").GetDouble() > 0);
        Assert.Equal(1, s.GetProperty("stop_reasons").GetProperty(StopReasons.Error).GetInt32());
        Assert.False(s.GetProperty("saw_verifier").GetBoolean());
        Assert.True(root.GetProperty("strategies")[2].GetProperty("saw_verifier").GetBoolean());
        Assert.Equal(ReportLabels.OracleAssisted, root.GetProperty("strategies")[2].GetProperty("label").GetString());
    }

    [Fact]
    public void Undefined_values_are_json_null_not_NaN()
    {
        // Every first answer right: CS and RSS are undefined; no tokens recorded: accuracy per 1k tokens is undefined.
        var allRight = new List<ScoredTrajectory>
        {
            Fixtures.Make("s", "p1", 0, StopReasons.SinglePass, false, new Step(TurnRole.Generate, Correct: true)),
            Fixtures.Make("s", "p2", 0, StopReasons.SinglePass, false, new Step(TurnRole.Generate, Correct: true)),
        };
        var json = new JsonReportRenderer().Render(new ReportBuilder().Build(allRight, Fixtures.Metadata()));

        using var doc = JsonDocument.Parse(json);
        var s = doc.RootElement.GetProperty("strategies")[0];
        Assert.Equal(JsonValueKind.Null, s.GetProperty("cs").ValueKind);
        Assert.Equal(JsonValueKind.Null, s.GetProperty("rss").ValueKind);
        Assert.Equal(JsonValueKind.Null, s.GetProperty("acc_per_1k_tokens").ValueKind);
        Assert.Equal(1.0, s.GetProperty("cl").GetDouble());
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_has_no_control_characters_and_unix_line_endings()
    {
        var text = new TextReportRenderer().Render(Report);

        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void An_empty_run_renders_in_every_format()
    {
        var empty = new ReportBuilder().Build([], Fixtures.Metadata());

        Assert.Contains("No scored trajectories.", new TextReportRenderer().Render(empty), StringComparison.Ordinal);
        Assert.Contains("No scored trajectories.", new MarkdownReportRenderer().Render(empty), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(new JsonReportRenderer().Render(empty));
        Assert.Equal(0, doc.RootElement.GetProperty("strategies").GetArrayLength());
    }
}
