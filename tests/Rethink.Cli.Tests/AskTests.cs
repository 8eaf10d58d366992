using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Testing.Http;

namespace Rethink.Cli.Tests;

/// <summary><c>rethink ask</c> against the scripted OpenAI-compatible server.</summary>
public sealed class AskTests
{
    private const string Key = "sk-canary-ask-5f0c2e1b9a7d4c3e";

    // Wrong on the first ask, right once the question has been asked again (reask's second user turn).
    private static string Reply(FakeChatRequest request) =>
        request.UserMessages.Count() == 1 ? "Let me think. 6 * 7 = 41.\n#### 41" : "Checking again: 6 * 7 = 42.\n#### 42";

    [Fact]
    public async Task Ask_prints_the_answer_and_the_trajectory()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        var cli = new CliRunner();
        cli.Environment["RETHINK_API_KEY"] = Key;

        var result = await cli.RunAsync(
            "ask", "What is 6 times 7?", "--strategy", "reask", "--model", $"openai:test-model@{server.BaseUrl}", "--format", "gsm8k", "--show-trajectory");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Answer: 42", result.Stdout);
        Assert.Contains("Trajectory: reask, 2 turn(s), 2 call(s), stop reason:", result.Stdout);
        Assert.Contains("--- turn 1: refine", result.Stdout);
        Assert.Equal(2, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
        Assert.All(server.Requests, r => Assert.Equal("test-model", r.Model));
        Assert.DoesNotContain(Key, result.All);
    }

    [Fact]
    public async Task Ask_writes_the_trajectory_json_without_the_key()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        var dir = Directory.CreateTempSubdirectory("rethink-ask-");
        var cli = new CliRunner { WorkingDirectory = dir.FullName };
        cli.Environment["OPENAI_API_KEY"] = Key;

        var result = await cli.RunAsync("ask", "What is 6 times 7?", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}", "--json", "t.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "t.json"));
        Assert.Contains("\"stopReason\"", json);
        Assert.DoesNotContain(Key, json);
        Assert.Equal("Bearer " + Key, server.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Ask_json_dash_prints_the_trajectory_alone_on_stdout()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        var dir = Directory.CreateTempSubdirectory("rethink-ask-");
        try
        {
            var result = await new CliRunner { WorkingDirectory = dir.FullName }.RunAsync(
                "ask", "What is 6 times 7?", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}", "--format", "gsm8k", "--json", "-");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("direct", System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("strategy").GetString());
            Assert.Contains("Answer: 41", result.Stderr);
            Assert.Empty(dir.EnumerateFileSystemInfos());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Ask_works_against_an_ollama_endpoint()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        var baseUrl = server.BaseUrl.GetLeftPart(UriPartial.Authority);

        var result = await new CliRunner().RunAsync("ask", "What is 6 times 7?", "--strategy", "reask", "--model", $"ollama:llama3.1:8b@{baseUrl}", "--format", "gsm8k");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Answer: 42", result.Stdout);
        Assert.All(server.Requests, r => Assert.Equal("llama3.1:8b", r.Model));
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Model_text_cannot_drive_the_terminal()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "\u001b]52;c;ZXZpbA==\u0007\u001b[2JHello\r#### 1");

        var result = await new CliRunner().RunAsync("ask", "q", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}", "--show-trajectory");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain('\u001b', result.All);
        Assert.DoesNotContain('\u0007', result.All);
        Assert.DoesNotContain('\r', result.All);
        Assert.Contains("\\u001b]52;c;", result.Stdout);
    }

    [Fact]
    public async Task Unreachable_endpoint_exits_3_with_one_line()
    {
        var port = ClosedPort.Get();

        var result = await new CliRunner().RunAsync("ask", "q", "--strategy", "direct", "--model", $"openai:m@http://127.0.0.1:{port}/v1", "--retries", "0");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rethink: error: cannot reach the model endpoint", line);
    }

    [Theory]
    [InlineData("openai", 500, "the model endpoint answered HTTP 500 (a server error) on every attempt (see --retries)")]
    [InlineData("openai", 503, "the model endpoint answered HTTP 503 (a server error) on every attempt (see --retries)")]
    [InlineData("openai", 501, "the model endpoint answered HTTP 501 (a server error; not retried)")]
    [InlineData("ollama", 500, "the model endpoint answered HTTP 500 (a server error) on every attempt (see --retries)")]
    public async Task A_server_error_that_outlasts_the_retries_exits_3_naming_the_status(string scheme, int status, string message)
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        server.Failure = _ => FakeFailure.WithStatus(status);
        var cli = new CliRunner();
        cli.Environment["RETHINK_RETRY_AFTER_CAP"] = "0";

        var url = scheme == "ollama" ? server.BaseUrl.GetLeftPart(UriPartial.Authority) : server.BaseUrl.ToString();

        var result = await cli.RunAsync("ask", "q", "--strategy", "direct", "--model", $"{scheme}:m@{url}", "--retries", "1");

        Assert.True(result.ExitCode == 3, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rethink: error: " + message, line);
        Assert.Equal(status == 501 ? 1 : 2, server.RequestCount);
    }

    [Fact]
    public async Task A_connection_reset_on_every_attempt_exits_3_saying_it_was_reset_after_the_request_was_sent()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        await using var proxy = FaultProxy.Start(server.BaseUrl, new FaultPlan { Script = (_, _) => FaultKind.Reset });
        var cli = new CliRunner();
        cli.Environment["RETHINK_RETRY_AFTER_CAP"] = "0";

        var result = await cli.RunAsync("ask", "q", "--strategy", "direct", "--model", $"openai:m@{proxy.BaseUrl}", "--retries", "2");

        Assert.True(result.ExitCode == 3, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rethink: error: the model endpoint reset the connection (reset by peer) after the request was sent, before any response", line);
        Assert.Equal(3, proxy.Log.Count);
    }

    [Fact]
    public async Task Refused_key_exits_3_and_never_prints_the_key_the_server_echoed()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Reply);
        server.RequiredKey = "the-right-key-123456";
        var cli = new CliRunner();
        cli.Environment["RETHINK_API_KEY"] = Key;

        var result = await cli.RunAsync("ask", "q", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}", "--retries", "0", "--verbose");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("refused the credentials (HTTP 401)", result.Stderr);
        Assert.DoesNotContain(Key, result.All);
        Assert.DoesNotContain(Key[..16], result.All);
    }

    [Fact]
    public async Task Unknown_strategy_is_a_usage_error_listing_the_valid_ones()
    {
        var result = await new CliRunner().RunAsync("ask", "q", "--strategy", "think-harder", "--model", "openai:m@http://127.0.0.1:1/v1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: Unknown strategy 'think-harder'", result.Stderr);
        Assert.Contains("self-refine", result.Stderr);
    }

    [Fact]
    public async Task Unknown_strategy_setting_is_a_usage_error()
    {
        var result = await new CliRunner().RunAsync("ask", "q", "--strategy", "self-refine", "--set", "max_roundz=3", "--model", "openai:m@http://127.0.0.1:1/v1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("max_roundz", result.Stderr);
    }
}
