using System.Text;
using System.Text.Json;
using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// One JSON line per (problem, strategy, sample) of a stored run: what every committed answer said, what was
/// extracted, whether each was right and why, how the trajectory stopped, and the tokens by role. For reading
/// results problem by problem, joining them with other data, or comparing two runs item by item. Field names are
/// snake_case and stable; lines come in the store's fixed order. Pure.
/// </summary>
public static class PerSampleRecords
{
    /// <summary>The lines of <paramref name="results"/>, each ending with a newline.</summary>
    public static string Render(string runId, RunConfiguration configuration, IReadOnlyList<RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(results);
        var model = configuration.Model.Display();
        var sb = new StringBuilder();
        foreach (var result in results)
        {
            var scored = result.Scored;
            var committed = scored.Trajectory.CommittedAttempts;
            var record = new
            {
                run_id = runId,
                problem_id = scored.ProblemId,
                strategy = scored.Strategy,
                sample = scored.Sample,
                model,
                answers = committed.Select((a, i) => new
                {
                    turn = i,
                    text = a.Text,
                    answer = a.Answer,
                    correct = i < scored.TurnVerdicts.Count ? scored.TurnVerdicts[i].IsCorrect : (bool?)null,
                    reason = i < scored.TurnVerdicts.Count ? scored.TurnVerdicts[i].Reason : null,
                }).ToList(),
                first_correct = scored.TurnVerdicts.Count > 0 ? scored.TurnVerdicts[0].IsCorrect : (bool?)null,
                final_correct = scored.FinalVerdict.IsCorrect,
                final_reason = scored.FinalVerdict.Reason,
                final_explanation = scored.FinalVerdict.Explanation,
                stop_reason = scored.Trajectory.StopReason,
                error = scored.Trajectory.Error,
                oracle = scored.Trajectory.SawVerifier,
                tokens = result.UsageByRole.ToDictionary(
                    kv => JsonNamingPolicy.SnakeCaseLower.ConvertName(kv.Key.ToString()),
                    kv => new { input = kv.Value.InputTokens, output = kv.Value.OutputTokens }),
                billed = new { input = result.BilledUsage.InputTokens, output = result.BilledUsage.OutputTokens },
                latency_ms = Math.Round(result.Latency.TotalMilliseconds, 1),
            };
            sb.Append(JsonSerializer.Serialize(record, Options)).Append('\n');
        }

        return sb.ToString();
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
