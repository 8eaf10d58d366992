using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary><c>rethink score</c> on the shipped samples reproduces the counts samples/README.md documents.</summary>
public sealed class ScoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-score-");

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<(CliResult Result, ReportJson Json)> ScoreAsync(string dataset, string format, string responses)
    {
        var json = Path.Combine(_dir.FullName, "score.json");
        var result = await new CliRunner().RunAsync(
            "score", "--dataset", Path.Combine("samples", dataset), "--format", format, "--responses", Path.Combine("samples", "responses", responses), "--json", json);
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result, ReportJson.Load(json));
    }

    [Fact]
    public async Task Gsm8k_reask_log()
    {
        var (result, json) = await ScoreAsync("gsm8k-sample.jsonl", "gsm8k", "gsm8k-reask.jsonl");

        Assert.Equal((31, 4, 5, 5), json.Transitions("reask"));
        Assert.Equal(35.0 / 45, json.Strategy("reask").GetProperty("acc1").GetDouble(), 9);
        Assert.Equal(36.0 / 45, json.Strategy("reask").GetProperty("acc2").GetDouble(), 9);
        Assert.Contains("Rethink report", result.Stdout);
        Assert.Contains("R->W", result.Stdout);
    }

    [Fact]
    public async Task Gsm8k_self_refine_log()
    {
        var (_, json) = await ScoreAsync("gsm8k-sample.jsonl", "gsm8k", "gsm8k-self-refine.jsonl");

        Assert.Equal((33, 2, 6, 4), json.Transitions("self-refine"));
        Assert.Equal(39.0 / 45, json.Strategy("self-refine").GetProperty("acc2").GetDouble(), 9);
    }

    [Fact]
    public async Task Mc_direct_log()
    {
        var (_, json) = await ScoreAsync("mc-sample.jsonl", "mc", "mc-direct.jsonl");

        Assert.Equal(32.0 / 44, json.Strategy("direct").GetProperty("acc1").GetDouble(), 9);
        Assert.Equal((32, 0, 0, 12), json.Transitions("direct"));
    }

    [Fact]
    public async Task Response_for_an_unknown_problem_names_file_line_and_field()
    {
        var responses = Path.Combine(_dir.FullName, "r.jsonl");
        await File.WriteAllTextAsync(responses, "{\"id\": \"gs-001\", \"response\": \"#### 47\"}\n{\"id\": \"nope\", \"response\": \"#### 1\"}\n");

        var result = await new CliRunner().RunAsync("score", "--dataset", "samples/gsm8k-sample.jsonl", "--format", "gsm8k", "--responses", responses);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: ", result.Stderr);
        Assert.Contains("r.jsonl:2", result.Stderr);
        Assert.Contains("'id'", result.Stderr);
    }
}
