using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Testing.Http;

namespace Rethink.Cli.Tests;

/// <summary>
/// An upstream whose replies quote the configured API key (a model repeating its input, an endpoint echoing a header):
/// the key is masked at the provider boundary, so it reaches no run store, response cache, report, output or served
/// response, and a rerun from the cache scores the same as the run that filled it.
/// </summary>
public sealed class SecretCanaryTests : IDisposable
{
    private const string Key = "rk-echoed-canary-52e07c9b1d4a8f36";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-canary-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    // The scripted gsm8k answers, each after a line that quotes the key.
    private static string Leaky(FakeChatRequest request) => $"Using key {Key} as asked.\n" + GsmScript.Sample.Reply(request);

    [Fact]
    public async Task A_key_in_the_reply_reaches_no_store_cache_report_or_output_and_a_rerun_from_the_cache_scores_the_same()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Leaky);

        // Only the configured key gets answers, so the key the replies quote is the one the CLI holds.
        server.RequiredKey = Key;
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };
        cli.Environment["RETHINK_API_KEY"] = Key;
        string[] eval =
        [
            "eval", "--model", $"openai:test@{server.BaseUrl}", "--dataset", Path.Combine(RepoPaths.Samples, "gsm8k-sample.jsonl"),
            "--format", "gsm8k", "--strategy", "direct,reask", "--limit", "5", "--store", "runs.db",
        ];

        var first = await cli.RunAsync([.. eval, "--json", "first.json", "--markdown", "first.md"]);
        var calls = server.RequestCount;
        var rerun = await cli.RunAsync([.. eval, "--json", "rerun.json"]);
        var report = await cli.RunAsync("report", "--store", "runs.db");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.True(calls >= 10, $"only {calls} requests");
        Assert.Equal(calls, server.RequestCount);
        var a = ReportJson.Load(Path.Combine(_dir.FullName, "first.json"));
        var b = ReportJson.Load(Path.Combine(_dir.FullName, "rerun.json"));
        foreach (var strategy in new[] { "direct", "reask" })
        {
            Assert.Equal(a.Strategy(strategy).GetProperty("transitions").GetRawText(), b.Strategy(strategy).GetProperty("transitions").GetRawText());
            Assert.Equal(a.Strategy(strategy).GetProperty("acc_at_turn").GetRawText(), b.Strategy(strategy).GetProperty("acc_at_turn").GetRawText());
        }

        // The replies were stored, masked: the store (which holds the cache too) has the rest of the line.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var store = string.Concat(_dir.EnumerateFiles("runs.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f.FullName))));
        Assert.Contains("Using key *** as asked.", store, StringComparison.Ordinal);
        AssertNowhere(_dir.EnumerateFiles("*", SearchOption.AllDirectories).Select(f => (f.Name, Encoding.Latin1.GetString(File.ReadAllBytes(f.FullName))))
            .Append(("stdout/stderr", first.All + rerun.All + report.All)));
    }

    [Fact]
    public async Task A_key_in_an_upstream_reply_is_not_relayed_by_serve_whole_streamed_or_in_a_trajectory()
    {
        await using var upstream = await FakeOpenAIServer.StartAsync(_ => $"Using key {Key} as asked.\n#### 42");
        upstream.RequiredKey = Key;
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "serve.json"), $$"""
            {"models": [
              {"name": "up", "model": "openai:test@{{upstream.BaseUrl}}"},
              {"name": "up+reask", "model": "openai:test@{{upstream.BaseUrl}}", "strategy": "reask"}
            ]}
            """);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["RETHINK_API_KEY"] = Key };
        var stdout = new SignallingWriter("listening on ");
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var host = new CliHost
        {
            Out = stdout,
            Error = TextWriter.Synchronized(stderr),
            GetEnvironmentVariable = name => environment.GetValueOrDefault(name),
            WorkingDirectory = _dir.FullName,
        };
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["serve", "--config", "serve.json", "--port", "0"], host, stop.Token);
        var line = await stdout.Seen.WaitAsync(TimeSpan.FromSeconds(30));
        var url = line[line.IndexOf("http", StringComparison.Ordinal)..].Trim();

        using var http = new HttpClient();
        var bodies = new List<(string Name, string Text)>();
        foreach (var (model, stream) in new[] { ("up", false), ("up", true), ("up+reask", false) })
        {
            using var response = await http.PostAsync(url + "/chat/completions", JsonContent.Create(new
            {
                model,
                stream,
                messages = new[] { new { role = "user", content = "What is 6 times 7?" } },
                rethink = new { trajectory = true },
            }));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            bodies.Add(($"{model} stream={stream}", body));
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(4, upstream.RequestCount);
        Assert.All(bodies, b => Assert.Contains("Using key *** as asked.", b.Text.Replace("\\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal));
        AssertNowhere(bodies.Append(("serve output", stdout.Text + stderr)));
    }

    [Fact]
    public async Task A_reply_that_equals_some_other_secret_looking_variable_of_the_machine_is_not_masked()
    {
        // Diagnostics scrub such values; masking them in replies would turn this right answer into "***".
        var name = "RETHINK_TEST_" + Guid.NewGuid().ToString("N")[..8] + "_PASSWORD";
        var value = "7" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            await using var server = await FakeOpenAIServer.StartAsync(_ => "#### " + value);
            var cli = new CliRunner { WorkingDirectory = _dir.FullName };
            cli.Environment["RETHINK_API_KEY"] = Key;

            var result = await cli.RunAsync("ask", "q", "--strategy", "direct", "--format", "gsm8k", "--model", $"openai:test@{server.BaseUrl}");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Answer: " + value, result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private static void AssertNowhere(IEnumerable<(string Name, string Text)> texts)
    {
        foreach (var (name, text) in texts)
        {
            Assert.False(text.Contains(Key, StringComparison.Ordinal), $"the API key is in {name}");
            Assert.False(text.Contains(Key[..16], StringComparison.Ordinal), $"the first half of the API key is in {name}");
            Assert.False(text.Contains(Key[16..], StringComparison.Ordinal), $"the second half of the API key is in {name}");
        }
    }

    /// <summary>Completes <see cref="Seen"/> with the first line containing a marker, so a test can act while the command runs.</summary>
    private sealed class SignallingWriter(string marker) : StringWriter(CultureInfo.InvariantCulture)
    {
        private readonly TaskCompletionSource<string> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Seen => _seen.Task;

        public string Text
        {
            get
            {
                lock (this)
                {
                    return ToString();
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            if (value is not null && value.Contains(marker, StringComparison.Ordinal))
            {
                _seen.TrySetResult(value);
            }
        }
    }
}
