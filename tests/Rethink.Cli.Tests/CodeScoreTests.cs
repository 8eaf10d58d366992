using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Sandbox;
using Xunit.Abstractions;

namespace Rethink.Cli.Tests;

/// <summary>
/// <c>rethink score --format humaneval|mbpp</c> on the shipped code samples, through the real sandbox. The verdicts
/// asserted here are the ones samples/code/README.md documents.
/// </summary>
public sealed class CodeScoreTests(ITestOutputHelper output) : IDisposable
{
    private const string Problems = "samples/code/problems.jsonl";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-code-score-");

    public void Dispose() => _dir.Delete(recursive: true);

    internal static bool SandboxAvailable => CodeExecutors.CheckSandbox(new SandboxOptions()).IsAvailable;

    private async Task<(CliResult Result, ReportJson Json)> ScoreAsync(string dataset, string format, string responses, params string[] extra)
    {
        var json = Path.Combine(_dir.FullName, "score.json");
        var result = await new CliRunner().RunAsync(
            ["score", "--dataset", dataset, "--format", format, "--responses", "samples/code/responses/" + responses, "--json", json, .. extra]);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result, ReportJson.Load(json));
    }

    private static Dictionary<string, (int Samples, int Passed)> Tasks(ReportJson json, string strategy) =>
        json.Strategy(strategy).GetProperty("task_pass_counts").EnumerateArray().ToDictionary(
            t => t.GetProperty("task_id").GetString()!,
            t => (t.GetProperty("samples").GetInt32(), t.GetProperty("passed").GetInt32()));

    private static Dictionary<string, int> Reasons(ReportJson json, string strategy) =>
        json.Strategy(strategy).GetProperty("final_verdict_reasons").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    [Fact]
    public async Task Every_correct_sample_passes_in_the_sandbox()
    {
        Assert.True(SandboxAvailable, "the sandbox is unavailable here (bubblewrap, user namespaces): " + CodeExecutors.CheckSandbox(new SandboxOptions()).Problem);

        var (result, json) = await ScoreAsync(Problems, "humaneval", "correct.jsonl", "--exec-timeout", "60");

        Assert.Equal(1.0, json.Strategy("correct").GetProperty("pass_at_k").GetProperty("1").GetDouble());
        Assert.Equal(20, Tasks(json, "correct").Count(t => t.Value == (1, 1)));
        Assert.Equal("sandbox", json.Root.GetProperty("run").GetProperty("code_execution").GetString());
        Assert.Contains("code execution: sandbox", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_samples_fail_for_their_documented_reasons()
    {
        var (result, json) = await ScoreAsync(Problems, "humaneval", "wrong.jsonl", "--exec-timeout", "60", "--run-id", "score-wrong");

        Assert.Equal(
            new Dictionary<string, int> { ["code.error"] = 1, ["code.failed_test"] = 7, ["code.no_code"] = 1, ["code.syntax_error"] = 2 },
            Reasons(json, "wrong"));
        Assert.Equal(0, json.Strategy("wrong").GetProperty("pass_at_k").GetProperty("1").GetDouble());
        Snapshot.Match("score-humaneval-wrong.txt", Snapshot.WithoutTrailingSpaces(result.Stdout));
    }

    [Fact]
    public async Task Hostile_samples_are_contained_and_none_passes()
    {
        var (_, json) = await ScoreAsync(Problems, "humaneval", "hostile.jsonl", "--exec-timeout", "6");

        var passed = Tasks(json, "hostile").Where(t => t.Value.Passed > 0).Select(t => t.Key).ToList();
        Assert.Empty(passed);
        Assert.False(Reasons(json, "hostile").ContainsKey("code.passed"));
        Assert.Equal(15, Tasks(json, "hostile").Values.Sum(t => t.Samples));
        Assert.Equal("sandbox", json.Root.GetProperty("run").GetProperty("code_execution").GetString());
    }

    [Fact]
    public async Task Pass_at_k_from_ten_samples_per_task()
    {
        var (result, json) = await ScoreAsync(Problems, "humaneval", "n10.jsonl", "--exec-timeout", "60");

        // c = 10, 7, 3, 1, 0, 5 of n = 10: pass@1 = 26/60; pass@10 = 1 for every task with a pass (5 of 6); k = 100 > n is left out.
        var passAtK = json.Strategy("n10").GetProperty("pass_at_k");
        Assert.Equal(26.0 / 60, passAtK.GetProperty("1").GetDouble(), 12);
        Assert.Equal(5.0 / 6, passAtK.GetProperty("10").GetDouble(), 12);
        Assert.False(passAtK.TryGetProperty("100", out _));
        Assert.Equal((10, 7), Tasks(json, "n10")["rethink/reverse_words"]);
        Assert.Contains("pass@10", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_k_values_are_reported_with_n_a_where_n_is_too_small()
    {
        // The first two tasks of n10.jsonl: digit_sum 10 of 10 correct, reverse_words 7 of 10.
        var samples = Path.Combine(_dir.FullName, "two.jsonl");
        await File.WriteAllLinesAsync(samples, File.ReadLines(Path.Combine(RepoPaths.Root, "samples/code/responses/n10.jsonl")).Take(20));
        var json = Path.Combine(_dir.FullName, "k.json");

        var result = await new CliRunner().RunAsync(
            "score", "--dataset", Problems, "--format", "humaneval", "--responses", samples, "--k", "2", "--k", "20", "--json", json, "--exec-timeout", "60");

        Assert.True(result.ExitCode == 0, result.ToString());
        output.WriteLine(result.ToString());
        var passAtK = ReportJson.Load(json).Strategy("two").GetProperty("pass_at_k");
        // pass@2: 1 for digit_sum; 1 - C(3,2)/C(10,2) = 1 - 3/45 for reverse_words.
        Assert.Equal((1 + 42.0 / 45) / 2, passAtK.GetProperty("2").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, passAtK.GetProperty("20").ValueKind);
        Assert.Contains("pass@20", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mbpp_samples_show_one_test_and_run_all()
    {
        var (_, json) = await ScoreAsync("samples/code/mbpp.jsonl", "mbpp", "mbpp-samples.jsonl", "--exec-timeout", "60");

        Assert.Equal(
            new Dictionary<string, (int, int)> { ["1"] = (2, 1), ["2"] = (1, 1), ["3"] = (2, 1), ["4"] = (1, 1) },
            Tasks(json, "mbpp-samples"));
        Assert.Equal(0.75, json.Strategy("mbpp-samples").GetProperty("pass_at_k").GetProperty("1").GetDouble(), 12);
    }

    [Fact]
    public async Task Without_the_sandbox_scoring_refuses_with_the_missing_piece()
    {
        var runner = new CliRunner();
        runner.Environment["RETHINK_BWRAP"] = "/nonexistent/bwrap";

        var result = await runner.RunAsync("score", "--dataset", Problems, "--format", "humaneval", "--responses", "samples/code/responses/correct.jsonl");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            "rethink: error: code execution refused: bubblewrap (bwrap) not found at /nonexistent/bwrap: apt-get install bubblewrap (or allow unsandboxed execution explicitly with --unsafe-local-exec)\n",
            result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Unsafe_local_execution_is_recorded_and_shown_loudly()
    {
        // Only the correct samples: nothing hostile ever runs outside the sandbox.
        var json = Path.Combine(_dir.FullName, "unsafe.json");
        var runner = new CliRunner();
        runner.Environment["RETHINK_BWRAP"] = "/nonexistent/bwrap";

        var result = await runner.RunAsync(
            "score", "--dataset", Problems, "--format", "humaneval", "--responses", "samples/code/responses/correct.jsonl", "--unsafe-local-exec", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("code execution: unsafe-local-exec", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("WARNING: model-written code ran WITHOUT the sandbox", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rethink: WARNING: model-written code runs WITHOUT the sandbox", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("unsafe-local-exec", ReportJson.Load(json).Root.GetProperty("run").GetProperty("code_execution").GetString());
        Assert.Equal(1.0, ReportJson.Load(json).Strategy("correct").GetProperty("pass_at_k").GetProperty("1").GetDouble());
    }

    [Theory]
    [InlineData("--k", "5")]
    [InlineData("--unsafe-local-exec")]
    [InlineData("--exec-timeout", "3")]
    public async Task Code_options_with_an_answer_format_are_usage_errors(params string[] option)
    {
        var result = await new CliRunner().RunAsync(
            ["score", "--dataset", "samples/gsm8k-sample.jsonl", "--format", "gsm8k", "--responses", "samples/responses/gsm8k-reask.jsonl", .. option]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("applies to the code formats (humaneval, mbpp) only", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_sample_line_names_file_line_and_field()
    {
        var samples = Path.Combine(_dir.FullName, "s.jsonl");
        await File.WriteAllTextAsync(samples, "{\"task_id\": \"rethink/chunk\", \"completion\": \"    return []\\n\"}\n{\"task_id\": \"rethink/chunk\", \"completion\": 3}\n");

        var result = await new CliRunner().RunAsync("score", "--dataset", Problems, "--format", "humaneval", "--responses", samples);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("s.jsonl:2: field 'completion': expected a string, found a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exec_timeout_beyond_ten_minutes_is_refused()
    {
        var result = await new CliRunner().RunAsync("score", "--dataset", Problems, "--format", "humaneval", "--responses", "samples/code/responses/correct.jsonl", "--exec-timeout", "601");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--exec-timeout must be at most 600 seconds", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gz_dataset_that_is_not_gzip_is_a_usage_error()
    {
        var dataset = Path.Combine(_dir.FullName, "HumanEval.jsonl.gz");
        await File.WriteAllTextAsync(dataset, "{\"task_id\": \"x\"}\n");

        var result = await new CliRunner().RunAsync("score", "--dataset", dataset, "--format", "humaneval", "--responses", "samples/code/responses/correct.jsonl");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: " + dataset + ": ", result.Stderr, StringComparison.Ordinal);
    }
}
