using Rethink.Cli.Tests.Infrastructure;
using Rethink.Lab.Chat;
using Rethink.Server;
using Xunit.Abstractions;

namespace Rethink.Cli.Tests;

/// <summary>
/// <c>rethink eval</c> through our own server: the lab suite run with <c>--model openai:lab@http://127.0.0.1:PORT/v1</c>
/// (the real RethinkServer serving the shipped lab model, in this process) scores exactly like the same run in-process
/// with <c>--model lab</c>. The server requires a key, which the CLI sends from RETHINK_API_KEY; it must appear nowhere
/// in the run stores, reports, CLI output or server log.
/// </summary>
public sealed class ServeEvalEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const string Key = "rk-served-canary-7b1e44c09d2f4a8e";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-serve-eval-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Eval_through_the_server_scores_the_same_as_in_process()
    {
        var (local, served, log) = await EvalInProcessAndThroughTheServerAsync("critique", ["eval", "--lab-per-cell", "1", "--strategy", "direct,reask", "--retries", "0"]);

        output.WriteLine(local.ToString());
        output.WriteLine(served.ToString());
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.True(served.ExitCode == 0, served.ToString());
        var a = ReportJson.Load(Path.Combine(_dir.FullName, "local.json"));
        var b = ReportJson.Load(Path.Combine(_dir.FullName, "served.json"));
        foreach (var strategy in new[] { "direct", "reask" })
        {
            var x = a.Strategy(strategy);
            var y = b.Strategy(strategy);
            Assert.Equal(11, y.GetProperty("problems").GetInt32());
            Assert.Equal(x.GetProperty("transitions").GetRawText(), y.GetProperty("transitions").GetRawText());
            Assert.Equal(x.GetProperty("acc_at_turn").GetRawText(), y.GetProperty("acc_at_turn").GetRawText());
            Assert.Equal(x.GetProperty("acc1").GetDouble(), y.GetProperty("acc1").GetDouble(), 12);
            Assert.Equal(x.GetProperty("acc2").GetDouble(), y.GetProperty("acc2").GetDouble(), 12);
        }

        // Every model call went through the server, and none failed.
        var requests = log.Split('\n').Count(l => l.Contains("POST /v1/chat/completions 200", StringComparison.Ordinal));
        Assert.True(requests >= 22, $"only {requests} requests reached the server");
        Assert.DoesNotContain(" 401 ", log, StringComparison.Ordinal);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var texts = _dir.EnumerateFiles("*", SearchOption.AllDirectories).Select(f => (f.Name, Text: System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f.FullName))))
            .Append(("stdout/stderr", local.All + served.All))
            .Append(("server log", log));
        foreach (var (name, text) in texts)
        {
            Assert.False(text.Contains(Key, StringComparison.Ordinal), $"the API key is in {name}");
            Assert.False(text.Contains(Key[..14], StringComparison.Ordinal), $"part of the API key is in {name}");
        }
    }

    [Fact]
    public async Task A_conversation_that_outgrows_the_context_stops_with_its_answer_in_process_and_through_the_server()
    {
        // A question of 973 bytes: the first prompt fits the lab model's 1,024-token context, the reask prompt
        // (question, answer, reask instruction) does not.
        var question = "Compute 2+3. " + string.Concat(Enumerable.Repeat("Note: answer carefully. ", 40));
        var data = Path.Combine(_dir.FullName, "long.jsonl");
        await File.WriteAllTextAsync(data, System.Text.Json.JsonSerializer.Serialize(new { id = "long", question, answer = "5" }) + "\n");
        var (local, served, log) = await EvalInProcessAndThroughTheServerAsync("sft", ["eval", "--dataset", data, "--format", "jsonl", "--strategy", "reask", "--max-output-tokens", "40", "--retries", "0"]);

        output.WriteLine(local.ToString());
        output.WriteLine(served.ToString());

        // Under the default --on-error stop, the run completes: the overflow is a stop reason, not a failure.
        foreach (var (result, json) in new[] { (local, "local.json"), (served, "served.json") })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            var reask = ReportJson.Load(Path.Combine(_dir.FullName, json)).Strategy("reask");
            Assert.Equal(1, reask.GetProperty("stop_reasons").GetProperty("context_length").GetInt32());
            Assert.Equal(0, reask.GetProperty("failures").GetProperty("error").GetInt32());
        }

        // The server said so the way OpenAI does.
        Assert.Contains("POST /v1/chat/completions 400", log, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs <paramref name="eval"/> twice: in process on the shipped lab model <paramref name="shipped"/> (into local.db
    /// and local.json), and through a RethinkServer that serves the same model as "lab" behind <see cref="Key"/> (into
    /// served.db and served.json). Returns both results and the server's log, read after the server stopped.
    /// </summary>
    // Best-of-n's logprob selector needs the tokens' log-probabilities: in process the lab model gives them, through the
    // server they travel as OpenAI's logprobs and the openai: provider reads them back. Same seeds, same samples, same
    // means, so the same choices with the same scores.
    [Fact]
    public async Task Best_of_n_by_logprob_chooses_the_same_samples_in_process_and_through_the_server()
    {
        var (local, served, _) = await EvalInProcessAndThroughTheServerAsync("critique", ["eval", "--lab-per-cell", "1", "--strategy", "best-of-n", "--set", "selector=logprob", "--set", "samples=3", "--sample-temperature", "0.8", "--retries", "0"]);

        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.True(served.ExitCode == 0, served.ToString());
        var a = Selections(Path.Combine(_dir.FullName, "local.db"));
        var b = Selections(Path.Combine(_dir.FullName, "served.db"));
        Assert.Equal(11, a.Count);
        Assert.All(a, s => Assert.Contains("had the highest mean log-probability", s, StringComparison.Ordinal));
        Assert.Equal(a, b);
    }

    private static List<string> Selections(string store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select problem_id, trajectory_json from results order by problem_id";
        using var reader = command.ExecuteReader();
        var selections = new List<string>();
        while (reader.Read())
        {
            using var trajectory = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
            var select = trajectory.RootElement.GetProperty("turns").EnumerateArray().Single(t => t.GetProperty("role").GetString() == "Select");
            selections.Add(reader.GetString(0) + ": " + select.GetProperty("output").GetString());
        }

        return selections;
    }

    private async Task<(CliResult Local, CliResult Served, string Log)> EvalInProcessAndThroughTheServerAsync(string shipped, string[] eval)
    {
        using var lab = LabModel.Load(LabModelLocator.Resolve(shipped), new LocalChatClientOptions { ModelId = "lab:" + shipped });
        var log = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        CliResult local;
        CliResult served;
        await using (var server = await RethinkServer.StartAsync([new ServedModel { Name = "lab", Client = lab }], new ServerOptions { ApiKey = Key, Log = TextWriter.Synchronized(log) }))
        {
            var cli = new CliRunner { WorkingDirectory = _dir.FullName };
            cli.Environment["RETHINK_API_KEY"] = Key;
            local = await cli.RunAsync([.. eval, "--model", "lab:" + shipped, "--store", "local.db", "--json", "local.json"]);
            served = await cli.RunAsync([.. eval, "--model", $"openai:lab@{server.BaseUrl}", "--store", "served.db", "--json", "served.json"]);
        }

        return (local, served, log.ToString());
    }
}
