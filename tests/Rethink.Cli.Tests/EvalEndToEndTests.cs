using Rethink.Cli.Tests.Fakes;
using Xunit.Abstractions;
using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary>
/// <c>rethink eval</c>, <c>report</c> and resume against the scripted OpenAI-compatible server on 127.0.0.1 (see
/// <see cref="GsmScript"/> for the designed answers). The API key is a canary that must never leave the process
/// except in the Authorization header.
/// </summary>
public sealed class EvalEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Key = "sk-canary-e2e-9c41d7a0b3f24e6d8a1b";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-eval-");
    private FakeOpenAIServer _server = null!;

    private string Dataset => Path.Combine(RepoPaths.Samples, "gsm8k-sample.jsonl");

    private string Store => Path.Combine(_dir.FullName, "runs.db");

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(GsmScript.Sample.Reply);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private CliRunner Cli(bool terminal = false)
    {
        var cli = new CliRunner { WorkingDirectory = _dir.FullName, ErrorIsTerminal = terminal };
        cli.Environment["RETHINK_API_KEY"] = Key;
        return cli;
    }

    private string[] Eval(params string[] extra) =>
    [
        "eval", "--model", $"openai:test@{_server.BaseUrl}", "--dataset", Dataset, "--format", "gsm8k", "--store", Store, "--retries", "0",
        .. extra,
    ];

    private void AssertNoKeyAnywhere(params CliResult[] results)
    {
        foreach (var result in results)
        {
            Assert.DoesNotContain(Key, result.All);
            Assert.DoesNotContain(Key[..12], result.All);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in _dir.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file.FullName));
            Assert.False(text.Contains(Key, StringComparison.Ordinal), $"the API key is in {file.Name}");
        }
    }

    [Fact]
    public async Task Eval_reports_the_designed_transitions_and_writes_json()
    {
        var result = await Cli().RunAsync(Eval("--strategy", "direct,reask", "--limit", "10", "--run-id", "e2e", "--json", "report.json", "--markdown", "report.md"));

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("run e2e started: 10 problem(s) x 2 strategies x 1 sample(s)", result.Stderr);
        Assert.Contains("run e2e: completed, 20/20 finished, 0 error(s)", result.Stderr);
        Assert.Contains("Rethink report: run e2e", result.Stdout);
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "report.json"));
        Assert.Equal((4, 0, 0, 6), json.Transitions("direct"));
        Assert.Equal((2, 2, 4, 2), json.Transitions("reask"));
        Assert.Equal(0.4, json.Strategy("reask").GetProperty("acc1").GetDouble(), 9);
        Assert.Equal(0.6, json.Strategy("reask").GetProperty("acc2").GetDouble(), 9);
        Assert.Equal(10, json.Strategy("reask").GetProperty("problems").GetInt32());
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "report.md")));

        // Reask's first call is the same request as direct's, so the cache may serve it; every request carried the key.
        Assert.InRange(_server.RequestCount, 20, 30);
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
        AssertNoKeyAnywhere(result);
    }

    [Fact]
    public async Task Sample_temperature_reaches_the_samples_and_is_part_of_the_run_configuration()
    {
        var result = await Cli().RunAsync(Eval("--strategy", "self-consistency", "--set", "adaptive=false", "--set", "samples=3", "--limit", "2", "--sample-temperature", "0.3", "--run-id", "st"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var temperatures = _server.Requests.Select(r => r.Temperature).ToList();
        Assert.Equal(6, temperatures.Count);
        Assert.All(temperatures, t => Assert.Equal(0.3, t!.Value, 3));

        // Resuming with another sample temperature is a changed configuration.
        var changed = await Cli().RunAsync(Eval("--strategy", "self-consistency", "--set", "adaptive=false", "--set", "samples=3", "--limit", "2", "--resume", "st"));
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("sample_temperature", changed.Stderr, StringComparison.Ordinal);

        var bad = await Cli().RunAsync(Eval("--strategy", "self-consistency", "--limit", "2", "--sample-temperature", "3"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--sample-temperature must be between 0 and 2", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_recomputes_from_the_store_and_compares_two_runs()
    {
        var direct = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "10", "--run-id", "base"));
        var reask = await Cli().RunAsync(Eval("--strategy", "reask", "--limit", "10", "--run-id", "cand"));
        Assert.True(direct.ExitCode == 0, direct.ToString());
        Assert.True(reask.ExitCode == 0, reask.ToString());

        var again = await Cli().RunAsync("report", "cand", "--store", Store);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(reask.Stdout, again.Stdout);

        var compare = await Cli().RunAsync("report", "cand", "--compare", "base", "--store", Store, "--json", "cmp.json");
        output.WriteLine(compare.ToString());
        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains("McNemar", compare.Stdout);
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "cmp.json"));
        Assert.Equal("run_comparison", json.Root.GetProperty("kind").GetString());

        var list = await Cli().RunAsync("report", "--store", Store);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("base", list.Stdout);
        Assert.Contains("cand", list.Stdout);
        AssertNoKeyAnywhere(direct, reask, again, compare, list);
    }

    [Fact]
    public async Task Interrupted_run_resumes_to_exactly_n_problems_with_the_same_results()
    {
        const int K = 4;
        using var interrupt = new CancellationTokenSource();
        _server.BeforeAnswer = async (request, aborted) =>
        {
            if (request.Number == K + 1)
            {
                // Ctrl+C while problem K+1 is in flight; hold it until the client gives up on it.
                await interrupt.CancelAsync();
                await Task.Delay(Timeout.Infinite, aborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        };
        var first = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "10", "--concurrency", "1", "--run-id", "r", "--json", "first.json"), interrupt.Token);

        output.WriteLine(first.ToString());
        Assert.True(first.ExitCode == 4, first.ToString());
        Assert.Contains($"run r: interrupted, {K}/10 finished", first.Stderr);

        // The report of the first K says it covers only them, on screen and in the JSON.
        Assert.Contains($"status: interrupted, {K} of 10 results stored", first.Stdout);
        Assert.Contains("PARTIAL RUN", first.Stdout);
        var partial = ReportJson.Load(Path.Combine(_dir.FullName, "first.json")).Root.GetProperty("run");
        Assert.Equal("interrupted", partial.GetProperty("status").GetString());
        Assert.True(partial.GetProperty("partial").GetBoolean());
        Assert.Equal(K, partial.GetProperty("results_stored").GetInt32());
        Assert.Equal(10, partial.GetProperty("results_total").GetInt32());
        Assert.Equal(K, ReportJson.Load(Path.Combine(_dir.FullName, "first.json")).Strategy("direct").GetProperty("trajectories").GetInt32());
        Assert.Contains("--resume r", first.Stderr);
        Assert.DoesNotContain("--run-id", first.Stderr.Split("to continue:")[1]);

        _server.BeforeAnswer = null;
        var resumed = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "10", "--concurrency", "1", "--resume", "r", "--json", "resumed.json"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("run r: completed, 10/10 finished", resumed.Stderr);

        var fresh = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "10", "--run-id", "fresh", "--json", "fresh.json"));
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.DoesNotContain("PARTIAL RUN", resumed.Stdout);
        var run = ReportJson.Load(Path.Combine(_dir.FullName, "resumed.json")).Root.GetProperty("run");
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.False(run.GetProperty("partial").GetBoolean());
        Assert.Equal(10, run.GetProperty("results_stored").GetInt32());
        var a = ReportJson.Load(Path.Combine(_dir.FullName, "resumed.json")).Strategy("direct");
        var b = ReportJson.Load(Path.Combine(_dir.FullName, "fresh.json")).Strategy("direct");
        Assert.Equal(10, a.GetProperty("trajectories").GetInt32());
        Assert.Equal(b.GetProperty("transitions").GetRawText(), a.GetProperty("transitions").GetRawText());
        Assert.Equal(b.GetProperty("acc_at_turn").GetRawText(), a.GetProperty("acc_at_turn").GetRawText());
        AssertNoKeyAnywhere(first, resumed, fresh);
    }

    [Fact]
    public async Task Budget_stop_exits_4_and_resumes_with_a_larger_budget()
    {
        var stopped = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "10", "--concurrency", "1", "--run-id", "b", "--budget-tokens", "150"));

        Assert.True(stopped.ExitCode == 4, stopped.ToString());
        Assert.Contains("run b: stopped by budget", stopped.Stderr);
        Assert.Contains("--resume b", stopped.Stderr);

        // A later report of the stored run still says it is partial (the store does not keep the run's total).
        var later = await Cli().RunAsync("report", "b", "--store", Store);
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Matches(@"status: budget stopped, \d+ results stored", later.Stdout);
        Assert.Contains("PARTIAL RUN", later.Stdout);

        var resumed = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "10", "--concurrency", "1", "--resume", "b"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("run b: completed, 10/10 finished", resumed.Stderr);
    }

    [Fact]
    public async Task Resume_with_a_changed_configuration_is_refused_naming_the_change()
    {
        var first = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "3", "--run-id", "c"));
        Assert.True(first.ExitCode == 0, first.ToString());

        var changed = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "3", "--resume", "c", "--temperature", "0.5"));

        Assert.True(changed.ExitCode == 2, changed.ToString());
        Assert.StartsWith("rethink: error: ", changed.Stderr.Split('\n').First(l => l.Contains("error")));
        Assert.Contains("temperature", changed.Stderr);
    }

    [Fact]
    public async Task Feedback_verifier_runs_are_labelled_oracle_assisted_and_progress_is_plain_lines()
    {
        var result = await Cli().RunAsync(Eval("--strategy", "verify-refine", "--feedback-verifier", "--limit", "5", "--concurrency", "1", "--run-id", "v", "--json", "v.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "v.json"));
        Assert.True(json.Strategy("verify-refine").GetProperty("saw_verifier").GetBoolean());
        Assert.Contains("oracle-assisted", result.Stdout);

        // stderr is not a terminal here: progress comes as whole lines, never carriage-return redraws.
        Assert.Contains("rethink: 5/5 (100%)", result.Stderr);
        Assert.DoesNotContain('\r', result.Stderr);
    }

    [Fact]
    public async Task Samples_multiply_trajectories_and_a_terminal_gets_a_redrawn_progress_line()
    {
        var result = await Cli(terminal: true).RunAsync(Eval("--strategy", "direct", "--limit", "5", "--samples", "3", "--run-id", "s", "--json", "s.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var direct = ReportJson.Load(Path.Combine(_dir.FullName, "s.json")).Strategy("direct");
        Assert.Equal(5, direct.GetProperty("problems").GetInt32());
        Assert.Equal(15, direct.GetProperty("trajectories").GetInt32());

        // Each sample is its own request (the cache key includes the sample index), never collapsed into one.
        Assert.Equal(15, _server.RequestCount);
        Assert.Contains("\rrethink: 15/15 (100%)", result.Stderr);
    }

    [Fact]
    public async Task Cost_budget_stops_the_run_and_prices_need_each_other()
    {
        var missingPrice = await Cli().RunAsync(Eval("--strategy", "direct", "--limit", "5", "--budget-cost", "1"));
        Assert.True(missingPrice.ExitCode == 2, missingPrice.ToString());
        Assert.Contains("--budget-cost needs --price-in and --price-out", missingPrice.Stderr);

        // 1,000,000 per million tokens = 1 per token; the first problem alone costs more than 40.
        var stopped = await Cli().RunAsync(Eval(
            "--strategy", "direct", "--limit", "5", "--concurrency", "1", "--run-id", "cost",
            "--price-in", "1000000", "--price-out", "1000000", "--budget-cost", "40"));
        Assert.True(stopped.ExitCode == 4, stopped.ToString());
        Assert.Contains("run cost: stopped by budget", stopped.Stderr);
        Assert.Contains(", cost ", stopped.Stderr);
    }

    [Fact]
    public async Task Unreachable_endpoint_exits_3()
    {
        var port = ClosedPort.Get();
        var cli = Cli();

        var result = await cli.RunAsync(
            "eval", "--model", $"openai:test@http://127.0.0.1:{port}/v1", "--dataset", Dataset, "--format", "gsm8k", "--strategy", "direct",
            "--store", Store, "--retries", "0", "--limit", "3");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("rethink: error: cannot reach the model endpoint", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        AssertNoKeyAnywhere(result);
    }
}
