using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rethink.Cli.Tests;

/// <summary>
/// <c>rethink eval</c> on a code dataset against the scripted OpenAI-compatible server: the answers are scored by
/// running the tests in the sandbox, and the run records the isolation level in its configuration and report.
/// </summary>
public sealed class CodeEvalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-code-eval-");
    private FakeOpenAIServer _server = null!;

    private string Store => Path.Combine(_dir.FullName, "runs.db");

    // The first four problems of samples/code/problems.jsonl; the model is right on three of them.
    private static string Reply(FakeChatRequest request)
    {
        var question = request.UserMessages.Last();
        return question switch
        {
            _ when question.Contains("def digit_sum(", StringComparison.Ordinal) =>
                "Sure.\n\n```python\ndef digit_sum(n: int) -> int:\n    return sum(int(d) for d in str(n))\n```\n",
            _ when question.Contains("def reverse_words(", StringComparison.Ordinal) =>
                "```python\ndef reverse_words(sentence: str) -> str:\n    return \" \".join(reversed(sentence.split()))\n```",
            _ when question.Contains("def is_palindrome(", StringComparison.Ordinal) =>
                "```python\ndef is_palindrome(text: str) -> bool:\n    return text == text[::-1]\n```",
            _ when question.Contains("def count_vowels(", StringComparison.Ordinal) =>
                "```python\ndef count_vowels(text: str) -> int:\n    return sum(c in \"aeiouAEIOU\" for c in text)\n```",
            _ => "I do not know.",
        };
    }

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(Reply);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string[] Eval(params string[] extra) =>
    [
        "eval", "--model", $"openai:test@{_server.BaseUrl}", "--dataset", Path.Combine(RepoPaths.Root, "samples/code/problems.jsonl"),
        "--format", "humaneval", "--strategy", "direct", "--limit", "4", "--store", Store, "--retries", "0", "--exec-timeout", "60", .. extra,
    ];

    [Fact]
    public async Task Code_answers_are_scored_in_the_sandbox_and_the_isolation_is_recorded()
    {
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };

        var result = await cli.RunAsync(Eval("--run-id", "code", "--json", "report.json"));

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("code execution: sandbox", result.Stdout, StringComparison.Ordinal);
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "report.json"));
        Assert.Equal(0.75, json.Strategy("direct").GetProperty("acc2").GetDouble(), 9);
        Assert.Equal("execution", json.Root.GetProperty("run").GetProperty("scoring_verifier").GetString());
        Assert.Equal("sandbox", json.Root.GetProperty("run").GetProperty("code_execution").GetString());
        Assert.All(_server.Requests, r => Assert.StartsWith("Complete the following Python function.", r.UserMessages.Last(), StringComparison.Ordinal));

        // The stored configuration carries the isolation: a later report says the same, and a resume under another
        // isolation is refused as a changed configuration.
        var again = await cli.RunAsync("report", "code", "--store", Store);
        Assert.Equal(result.Stdout, again.Stdout);

        var unsafeCli = new CliRunner { WorkingDirectory = _dir.FullName };
        unsafeCli.Environment["RETHINK_BWRAP"] = "/nonexistent/bwrap";
        var resumed = await unsafeCli.RunAsync(Eval("--resume", "code", "--unsafe-local-exec"));
        Assert.True(resumed.ExitCode == 2, resumed.ToString());
        Assert.Contains("code_execution", resumed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_sandbox_a_code_eval_refuses_before_any_model_call()
    {
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };
        cli.Environment["RETHINK_BWRAP"] = "/nonexistent/bwrap";

        var result = await cli.RunAsync(Eval());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("code execution refused: bubblewrap (bwrap) not found at /nonexistent/bwrap", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _server.RequestCount);
    }
}
