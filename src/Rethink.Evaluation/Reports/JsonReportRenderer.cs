using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rethink.Core;
using Rethink.Core.Metrics;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// The machine-readable form (<c>--json FILE</c>): snake_case names, a <c>schema_version</c>
/// (<see cref="Report.SchemaVersion"/>), numbers in invariant round-trip form, undefined values as <c>null</c> (never
/// NaN), two-space indentation and "\n" line endings. Accuracies are fractions in [0, 1]; token and call figures are
/// means per trajectory. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Per strategy: <c>name</c>, <c>saw_verifier</c>, <c>label</c>, <c>problems</c>, <c>trajectories</c>,
/// <c>samples_per_problem</c>, <c>acc_at_turn</c>, <c>acc1</c>, <c>acc2</c>, <c>oracle</c>, <c>transitions</c>
/// {rr, rw, wr, ww}, <c>net_gain</c>, <c>net_gain_rate</c>, <c>cl</c>, <c>cs</c>, <c>rss</c>, <c>mcnemar_p</c>,
/// <c>bootstrap_ci</c> [lo, hi], <c>critique_quality</c> (null without critiques), <c>stop_reasons</c>, <c>final_verdict_reasons</c>, <c>failures</c>, <c>calls</c>,
/// <c>tokens</c> {input, output, total, by_role}, <c>acc_per_1k_tokens</c>, <c>accuracy_vs_tokens</c>; with pass@k asked
/// for (code runs), also <c>pass_at_k</c> {"k": value or null} and <c>task_pass_counts</c> [{task_id, samples, passed}].
/// The run object has <c>code_execution</c> (the isolation level) when the run executed model-written code.
/// </remarks>
public sealed class JsonReportRenderer : IReportRenderer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", Report.SchemaVersion);
            w.WriteString("kind", "report");
            WriteReportFields(w, report);
            w.WriteEndObject();
        });
    }

    /// <inheritdoc />
    public string Render(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", Report.SchemaVersion);
            w.WriteString("kind", "run_comparison");
            w.WriteStartObject("baseline");
            WriteReportFields(w, comparison.Baseline);
            w.WriteEndObject();
            w.WriteStartObject("candidate");
            WriteReportFields(w, comparison.Candidate);
            w.WriteEndObject();
            WriteComparisons(w, comparison.Comparisons);
            w.WriteEndObject();
        });
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteReportFields(Utf8JsonWriter w, Report report)
    {
        var run = report.Run;
        w.WriteStartObject("run");
        w.WriteString("id", run.RunId);
        w.WriteString("model", run.Model);
        w.WriteString("dataset", run.Dataset);
        Count(w, "seed", run.Seed);

        w.WriteString("scoring_verifier", run.ScoringVerifier);
        if (run.CodeExecution is { } isolation)
        {
            w.WriteString("code_execution", isolation);
        }

        if (run.Completion is { } completion)
        {
            w.WriteString("status", completion.StatusName);
            w.WriteBoolean("partial", completion.IsPartial);
            w.WriteNumber("results_stored", completion.Results);
            Count(w, "results_total", completion.Total);
        }

        w.WriteEndObject();

        w.WriteStartObject("statistics");
        w.WriteNumber("bootstrap_resamples", report.Options.BootstrapResamples);
        w.WriteNumber("bootstrap_seed", report.Options.BootstrapSeed);
        Number(w, "confidence", report.Options.Confidence);
        w.WriteEndObject();

        w.WriteStartArray("strategies");
        foreach (var s in report.Strategies)
        {
            WriteStrategy(w, s);
        }

        w.WriteEndArray();
        WriteComparisons(w, report.Comparisons);
    }

    private static void WriteStrategy(Utf8JsonWriter w, StrategyReport s)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteBoolean("saw_verifier", s.SawVerifier);
        w.WriteString("label", s.Label);
        w.WriteNumber("problems", s.Problems);
        w.WriteNumber("trajectories", s.Trajectories);
        w.WriteNumber("samples_per_problem", s.SamplesPerProblem);
        w.WriteStartArray("acc_at_turn");
        foreach (var a in s.AccuracyAtTurn)
        {
            Number(w, null, a);
        }

        w.WriteEndArray();
        Number(w, "acc1", s.Acc1);
        Number(w, "acc2", s.Acc2);
        Number(w, "oracle", s.Oracle);
        WriteTransitions(w, s.Transitions);
        w.WriteNumber("net_gain", s.Transitions.NetGain);
        Number(w, "net_gain_rate", s.Transitions.NetGainRate);
        Number(w, "cl", s.SelfCorrection.ConfidenceLevel);
        Number(w, "cs", s.SelfCorrection.CritiqueScore);
        Number(w, "rss", s.SelfCorrection.RelativeSelfCorrectionScore);
        Number(w, "mcnemar_p", s.FirstVsFinal.McNemar.PValue);
        WriteInterval(w, s.FirstVsFinal.Interval);
        WriteCritiqueQuality(w, s.CritiqueQuality);
        WriteReasons(w, "stop_reasons", s.StopReasons);
        WriteReasons(w, "final_verdict_reasons", s.FinalVerdictReasons);
        w.WriteStartObject("failures");
        w.WriteNumber(StopReasons.Error, s.Failures.Errors);
        w.WriteNumber(StopReasons.Timeout, s.Failures.Timeouts);
        w.WriteNumber(StopReasons.Budget, s.Failures.Budget);
        w.WriteNumber(StopReasons.Cancelled, s.Failures.Cancelled);
        w.WriteEndObject();
        Number(w, "calls", s.Cost.Calls);
        w.WriteStartObject("tokens");
        Number(w, "input", s.Cost.InputTokens);
        Number(w, "output", s.Cost.OutputTokens);
        Number(w, "total", s.Cost.TotalTokens);
        w.WriteStartObject("by_role");
        foreach (var role in s.Cost.ByRole)
        {
            w.WriteStartObject(role.Role.ToString().ToLowerInvariant());
            Number(w, "calls", role.Calls);
            Number(w, "input", role.InputTokens);
            Number(w, "output", role.OutputTokens);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        Number(w, "acc_per_1k_tokens", s.AccuracyPer1kTokens);
        w.WriteStartArray("accuracy_vs_tokens");
        foreach (var p in s.AccuracyVsTokens)
        {
            w.WriteStartObject();
            w.WriteNumber("turn", p.Turn);
            Number(w, "accuracy", p.Accuracy);
            Number(w, "mean_tokens", p.MeanTokens);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (s.PassAtK.Count > 0)
        {
            w.WriteStartObject("pass_at_k");
            foreach (var p in s.PassAtK)
            {
                Number(w, p.K.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Value);
            }

            w.WriteEndObject();
            w.WriteStartArray("task_pass_counts");
            foreach (var c in s.TaskPassCounts)
            {
                w.WriteStartObject();
                w.WriteString("task_id", c.ProblemId);
                w.WriteNumber("samples", c.Samples);
                w.WriteNumber("passed", c.Passed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteCritiqueQuality(Utf8JsonWriter w, CritiqueAbilityResult? q)
    {
        if (q is null)
        {
            w.WriteNull("critique_quality");
            return;
        }

        w.WriteStartObject("critique_quality");
        w.WriteNumber("tp", q.TruePositives);
        w.WriteNumber("fp", q.FalsePositives);
        w.WriteNumber("tn", q.TrueNegatives);
        w.WriteNumber("fn", q.FalseNegatives);
        w.WriteNumber("unsure", q.Unsure);
        Number(w, "precision", q.Precision);
        Number(w, "recall", q.Recall);
        Number(w, "f1", q.F1);
        Number(w, "accuracy", q.Accuracy);
        w.WriteNumber("located", q.Located);
        w.WriteNumber("located_right", q.LocatedRight);
        Number(w, "localisation_accuracy", q.LocalisationAccuracy);
        w.WriteEndObject();
    }

    private static void WriteComparisons(Utf8JsonWriter w, IReadOnlyList<StrategyComparison> comparisons)
    {
        w.WriteStartArray("comparisons");
        foreach (var c in comparisons)
        {
            w.WriteStartObject();
            WriteSide(w, "baseline", c.Baseline);
            WriteSide(w, "candidate", c.Candidate);
            w.WriteNumber("pairs", c.Pairs);
            w.WriteNumber("unpaired_baseline", c.UnpairedBaseline);
            w.WriteNumber("unpaired_candidate", c.UnpairedCandidate);
            WriteTransitions(w, c.Transitions);
            Number(w, "difference", c.Difference);
            Number(w, "mcnemar_p", c.Test?.McNemar.PValue);
            WriteInterval(w, c.Test?.Interval);
            Number(w, "token_ratio", c.TokenRatio);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteSide(Utf8JsonWriter w, string name, ComparisonSide side)
    {
        w.WriteStartObject(name);
        w.WriteString("run", side.Run);
        w.WriteString("strategy", side.Strategy);
        w.WriteBoolean("saw_verifier", side.SawVerifier);
        w.WriteString("label", side.Label);
        Number(w, "accuracy", side.Accuracy);
        Number(w, "mean_tokens", side.MeanTokens);
        w.WriteEndObject();
    }

    private static void WriteTransitions(Utf8JsonWriter w, TransitionTable t)
    {
        w.WriteStartObject("transitions");
        w.WriteNumber("rr", t.RightToRight);
        w.WriteNumber("rw", t.RightToWrong);
        w.WriteNumber("wr", t.WrongToRight);
        w.WriteNumber("ww", t.WrongToWrong);
        w.WriteEndObject();
    }

    private static void WriteInterval(Utf8JsonWriter w, BootstrapInterval? ci)
    {
        if (ci is null)
        {
            w.WriteNull("bootstrap_ci");
            return;
        }

        w.WriteStartArray("bootstrap_ci");
        Number(w, null, ci.Lower);
        Number(w, null, ci.Upper);
        w.WriteEndArray();
    }

    private static void WriteReasons(Utf8JsonWriter w, string name, IReadOnlyList<ReasonCount> reasons)
    {
        w.WriteStartObject(name);
        foreach (var r in reasons)
        {
            w.WriteNumber(r.Reason, r.Count);
        }

        w.WriteEndObject();
    }

    private static void Count(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    // Undefined values are null, not NaN (JSON has no NaN); a non-finite value here would be a bug upstream.
    private static void Number(Utf8JsonWriter w, string? name, double? value)
    {
        if (name is not null)
        {
            w.WritePropertyName(name);
        }

        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
