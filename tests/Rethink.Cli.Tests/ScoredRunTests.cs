using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary>
/// <c>rethink score</c> keeps its run, so scored logs are compared, listed and read item by item like eval runs;
/// logs in other shapes are read through --response-field; <c>rethink data ids</c> shows the ids a dataset gets.
/// </summary>
public sealed class ScoredRunTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-scored-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Store => Path.Combine(_dir.FullName, "runs.db");

    private Task<CliResult> Score(string responses, string runId, params string[] extra) =>
        new CliRunner().RunAsync(["score", "--dataset", "samples/gsm8k-sample.jsonl", "--format", "gsm8k", "--responses", responses, "--store", Store, "--run-id", runId, .. extra]);

    [Fact]
    public async Task Two_scored_logs_are_stored_listed_compared_and_read_per_sample()
    {
        var reask = await Score("samples/responses/gsm8k-reask.jsonl", "reask-log");
        var refine = await Score("samples/responses/gsm8k-self-refine.jsonl", "refine-log");
        Assert.True(reask.ExitCode == 0, reask.ToString());
        Assert.True(refine.ExitCode == 0, refine.ToString());
        Assert.Contains("stored as run reask-log", reask.Stderr, StringComparison.Ordinal);

        var list = await new CliRunner().RunAsync("report", "--store", Store);
        Assert.Contains("reask-log", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("refine-log", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("external:gsm8k-reask.jsonl", list.Stdout, StringComparison.Ordinal);

        // The stored run reports what score printed.
        var again = await new CliRunner().RunAsync("report", "reask-log", "--store", Store);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(reask.Stdout, again.Stdout);

        // Different sources (reask, self-refine) in two single-source runs are paired with each other.
        var compare = await new CliRunner().RunAsync("report", "refine-log", "--compare", "reask-log", "--store", Store);
        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains("McNemar", compare.Stdout, StringComparison.Ordinal);

        var perSample = Path.Combine(_dir.FullName, "per-sample.jsonl");
        var lines = await new CliRunner().RunAsync("report", "reask-log", "--store", Store, "--per-sample", perSample);
        Assert.Equal(0, lines.ExitCode);
        var records = File.ReadAllLines(perSample).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(45, records.Count);
        var first = records[0];
        Assert.Equal("reask-log", first.GetProperty("run_id").GetString());
        Assert.Equal("gs-001", first.GetProperty("problem_id").GetString());
        Assert.Equal("reask", first.GetProperty("strategy").GetString());
        Assert.Equal(2, first.GetProperty("answers").GetArrayLength());
        Assert.Equal("47", first.GetProperty("answers")[0].GetProperty("answer").GetString());
        Assert.True(first.GetProperty("final_correct").GetBoolean());
        Assert.Equal("external", first.GetProperty("stop_reason").GetString());

        // The counts agree with the report: 35 first answers right, 36 final.
        Assert.Equal(35, records.Count(r => r.GetProperty("first_correct").GetBoolean()));
        Assert.Equal(36, records.Count(r => r.GetProperty("final_correct").GetBoolean()));
    }

    [Fact]
    public async Task A_log_in_another_shape_is_read_through_response_fields_one_source_per_field()
    {
        // Two model columns, one nested: {"qid", "gen": {"text"}, "baseline"}.
        var log = Path.Combine(_dir.FullName, "columns.jsonl");
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "samples/responses/gsm8k-reask.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => JsonSerializer.Serialize(new
            {
                qid = e.GetProperty("id").GetString(),
                gen = new { text = e.GetProperty("turns")[1].GetString() },
                baseline = e.GetProperty("turns")[0].GetString(),
            }));
        File.WriteAllLines(log, lines);
        var json = Path.Combine(_dir.FullName, "columns.json");

        var result = await Score(log, "columns", "--response-field", "gen.text", "--response-field", "baseline", "--response-id-field", "qid", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = ReportJson.Load(json);
        Assert.Equal(35.0 / 45, report.Strategy("baseline").GetProperty("acc1").GetDouble(), 9);
        Assert.Equal(36.0 / 45, report.Strategy("gen.text").GetProperty("acc1").GetDouble(), 9);

        var missing = await Score(log, "missing", "--response-field", "gen.words", "--response-id-field", "qid");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("field 'gen.words': the field is missing", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_ids_lists_the_ids_a_dataset_gets_and_the_missing_id_policy_names_them()
    {
        var listed = await new CliRunner().RunAsync("data", "ids", "--dataset", "samples/gsm8k-sample.jsonl", "--format", "gsm8k");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("gs-001", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("45 problem(s)", listed.Stderr, StringComparison.Ordinal);

        var noIds = Path.Combine(_dir.FullName, "no-ids.jsonl");
        File.WriteAllLines(noIds, ["""{"question": "What is 2+2?", "answer": "#### 4"}""", """{"question": "What is 3+3?", "answer": "#### 6"}"""]);
        var hashed = await new CliRunner().RunAsync("data", "ids", "--dataset", noIds, "--format", "gsm8k");
        var numbered = await new CliRunner().RunAsync("data", "ids", "--dataset", noIds, "--format", "gsm8k", "--missing-ids", "line-number");
        Assert.Contains("h-", hashed.Stdout, StringComparison.Ordinal);
        Assert.Contains("line-2", numbered.Stdout, StringComparison.Ordinal);

        var renamed = Path.Combine(_dir.FullName, "renamed.jsonl");
        File.WriteAllLines(renamed, ["""{"key": "q7", "question": "What is 2+2?", "answer": "#### 4"}"""]);
        var byField = await new CliRunner().RunAsync("data", "ids", "--dataset", renamed, "--format", "gsm8k", "--id-field", "key");
        Assert.Contains("q7", byField.Stdout, StringComparison.Ordinal);
    }
}
