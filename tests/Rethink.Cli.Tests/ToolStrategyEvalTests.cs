using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rethink.Cli.Tests;

/// <summary>
/// The tool-using strategies from the CLI against an OpenAI-compatible endpoint (the scripted in-test server): the CLI
/// builds the sandbox for them, the programs the model writes really run there, and their output reaches the model.
/// </summary>
public sealed class ToolStrategyEvalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-tool-eval-");
    private FakeOpenAIServer _server = null!;

    private string Store => Path.Combine(_dir.FullName, "runs.db");

    // One gsm8k-format problem whose scripted programs below are first wrong (6+7), then right (6*7).
    private string EggsDataset()
    {
        var dataset = Path.Combine(_dir.FullName, "eggs.jsonl");
        File.WriteAllText(dataset, "{\"question\": \"A box holds 6 rows of 7 eggs. How many eggs are in the box?\", \"answer\": \"6 rows of 7 is 42.\\n#### 42\"}\n");
        return dataset;
    }

    // A model that is wrong first and right once its own program's output or failing tests are shown to it.
    private static string Reply(FakeChatRequest request)
    {
        var last = request.UserMessages.Last();
        return last switch
        {
            _ when last.StartsWith("You are an expert in reverse-reasoning verification.", StringComparison.Ordinal) =>
                "```python\ndef verify(answer):\n    return answer % 7 == 0 and answer // 7 == 6\n```",
            _ when last.StartsWith("A box holds 6 rows of 7 eggs.", StringComparison.Ordinal) =>
                "6 rows of 7 eggs is 6*7 = 42 eggs.\n#### 42",
            _ when last.StartsWith("Solve the following problem by writing a Python program.", StringComparison.Ordinal) =>
                "```python\nrows = 6\nper_row = 7\nanswer = rows + per_row\n```",
            _ when last.Contains("What's the problem with the above code?", StringComparison.Ordinal) =>
                "The program adds the rows to the eggs per row; it should multiply them.",
            _ when last.StartsWith("Here's a better solution", StringComparison.Ordinal) =>
                "```python\nrows = 6\nper_row = 7\nanswer = rows * per_row\n```",
            _ when last.StartsWith("Your code did not pass the tests.", StringComparison.Ordinal) =>
                "The function adds one to the digit sum, which is wrong for every input.",
            _ when last.StartsWith("Based on your explanation, fix the code.", StringComparison.Ordinal) =>
                "```python\ndef digit_sum(n: int) -> int:\n    return sum(int(d) for d in str(n))\n```",
            _ when last.Contains("def digit_sum(", StringComparison.Ordinal) =>
                "```python\ndef digit_sum(n: int) -> int:\n    return sum(int(d) for d in str(n)) + 1\n```",
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

    [Fact]
    public async Task Critic_runs_the_models_program_in_the_sandbox_and_corrects_with_its_output()
    {
        var dataset = EggsDataset();
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };

        var result = await cli.RunAsync(
            "eval", "--model", $"openai:test@{_server.BaseUrl}", "--dataset", dataset, "--format", "gsm8k", "--strategy", "critic",
            "--store", Store, "--retries", "0", "--exec-timeout", "60", "--json", "report.json");

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("code execution: sandbox", result.Stdout, StringComparison.Ordinal);
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "report.json"));
        Assert.Equal((0, 0, 1, 0), json.Transitions("critic"));

        // The sandboxed run's output (13 from the wrong program) is the evidence the critique prompt showed.
        Assert.Contains(_server.Requests, r => r.UserMessages.Last().Contains("Output: answer = 13", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProgCo_runs_its_verification_program_in_the_sandbox_when_asked()
    {
        var dataset = EggsDataset();
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };

        var result = await cli.RunAsync(
            "eval", "--model", $"openai:test@{_server.BaseUrl}", "--dataset", dataset, "--format", "gsm8k", "--strategy", "progco",
            "--set", "execution=sandbox", "--store", Store, "--retries", "0", "--exec-timeout", "60", "--json", "report.json");

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("code execution: sandbox", result.Stdout, StringComparison.Ordinal);
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "report.json"));
        Assert.Equal((1, 0, 0, 0), json.Transitions("progco"));

        // The verification program ran for real: the model was never asked to act as the interpreter.
        Assert.Contains(_server.Requests, r => r.UserMessages.Last().StartsWith("You are an expert in reverse-reasoning verification.", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests, r => r.UserMessages.Last().StartsWith("Act as a Python interpreter.", StringComparison.Ordinal));

        // It printed "[Verification Result] True", so there was no feedback round: the answer and the program only.
        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task Self_debug_runs_the_visible_tests_in_the_sandbox_and_fixes_the_code()
    {
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };

        var result = await cli.RunAsync(
            "eval", "--model", $"openai:test@{_server.BaseUrl}", "--dataset", Path.Combine(RepoPaths.Root, "samples/code/problems.jsonl"),
            "--format", "humaneval", "--strategy", "self-debug", "--limit", "1", "--store", Store, "--retries", "0", "--exec-timeout", "60",
            "--json", "report.json");

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = ReportJson.Load(Path.Combine(_dir.FullName, "report.json"));
        Assert.Equal((0, 0, 1, 0), json.Transitions("self-debug"));

        // The failing visible test (a doctest of the prompt) reached the model; the hidden tests never did.
        var feedback = _server.Requests.Select(r => r.UserMessages.Last()).Single(m => m.StartsWith("Your code did not pass the tests.", StringComparison.Ordinal));
        Assert.Contains("digit_sum(1205)", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("99999", feedback, StringComparison.Ordinal);
    }
}
