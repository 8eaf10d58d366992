using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests.Models;

/// <summary>
/// <c>RETHINK_OTEL</c> through the whole CLI against the scripted server: GenAI spans and metrics appear when it is on,
/// never message content unless asked, never the key. One class on purpose: OpenTelemetry listens process-wide by
/// source name, so these runs must not overlap.
/// </summary>
public sealed class ModelTelemetryTests
{
    private const string Key = "sk-canary-otel-4b7e91d2c05a6f38";
    private const string Prompt = "What is 6 times 7? prompt-canary-51c9";
    private const string Reply = "reply-canary-8e2d says #### 42";

    private static CliRunner Cli(params (string Name, string Value)[] environment)
    {
        var cli = new CliRunner();
        cli.Environment["RETHINK_API_KEY"] = Key;
        foreach (var (name, value) in environment)
        {
            cli.Environment[name] = value;
        }

        return cli;
    }

    private static string[] Ask(FakeOpenAIServer server) =>
        ["ask", Prompt, "--strategy", "direct", "--model", $"openai:test-model@{server.BaseUrl}", "--format", "gsm8k"];

    [Fact]
    public async Task Console_telemetry_writes_genai_spans_and_metrics_to_stderr_without_content_or_key()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => Reply);

        var result = await Cli(("RETHINK_OTEL", "console")).RunAsync(Ask(server));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Answer: 42", result.Stdout);
        Assert.DoesNotContain("otel:", result.Stdout);
        var span = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("otel: span ", StringComparison.Ordinal));
        Assert.StartsWith("otel: span 'chat test-model'", span);
        Assert.Contains(" gen_ai.operation.name=chat", span);
        Assert.Contains(" gen_ai.request.model=test-model", span);
        Assert.Contains(" gen_ai.response.model=test-model", span);
        Assert.Contains(" gen_ai.usage.input_tokens=", span);
        Assert.Contains(" gen_ai.usage.output_tokens=4", span);
        Assert.Contains(" server.address=127.0.0.1", span);
        Assert.Contains("otel: metric gen_ai.client.token.usage", result.Stderr);
        Assert.Contains("otel: metric gen_ai.client.operation.duration", result.Stderr);
        Assert.DoesNotContain("prompt-canary", result.Stderr);
        Assert.DoesNotContain("reply-canary", result.Stderr);
        Assert.DoesNotContain(Key, result.All);
        Assert.DoesNotContain(Key[..14], result.All);
    }

    [Fact]
    public async Task A_retried_call_is_one_span_that_records_its_retries()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => Reply);
        server.Failure = r => r.Number <= 2 ? FakeFailure.WithStatus(r.Number == 1 ? 503 : 429, retryAfter: "0") : null;

        var result = await Cli(("RETHINK_OTEL", "console")).RunAsync(Ask(server));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, server.RequestCount);
        var span = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("otel: span ", StringComparison.Ordinal));
        Assert.Contains(" rethink.retries=2", span);
        Assert.Contains(" event:retry(rethink.retry=1 rethink.retry.delay_ms=0 http.response.status_code=503)", span);
        Assert.Contains(" event:retry(rethink.retry=2 rethink.retry.delay_ms=0 http.response.status_code=429)", span);
    }

    [Fact]
    public async Task Content_is_recorded_only_when_explicitly_enabled()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => Reply);

        var result = await Cli(("RETHINK_OTEL", "console"), ("RETHINK_OTEL_CONTENT", "1")).RunAsync(Ask(server));

        Assert.True(result.ExitCode == 0, result.ToString());
        var span = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("otel: span ", StringComparison.Ordinal));
        Assert.Contains("prompt-canary-51c9", span);
        Assert.Contains("reply-canary-8e2d", span);
        Assert.DoesNotContain(Key, result.All);
    }

    [Fact]
    public async Task A_refused_key_echoed_by_the_endpoint_stays_out_of_the_telemetry()
    {
        // The fake answers 401 with the Authorization header it got in the body, as some providers do, and the SDK puts
        // that body in its exception message. Today the telemetry client records only error.type on the failed span, so
        // this passes even without ScrubbingActivityProcessor (tested directly below); it guards the end-to-end path.
        await using var server = await FakeOpenAIServer.StartAsync(_ => Reply);
        server.RequiredKey = "sk-the-right-one-0000000000";

        var result = await Cli(("RETHINK_OTEL", "console")).RunAsync(Ask(server));

        Assert.True(result.ExitCode == 3, result.ToString());
        var span = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("otel: span ", StringComparison.Ordinal));
        Assert.Contains("status=error", span);
        Assert.DoesNotContain(Key, result.All);
        Assert.DoesNotContain(Key[..14], result.All);
    }

    [Fact]
    public void The_scrubbing_processor_rewrites_string_attributes_and_the_status()
    {
        using var activity = new System.Diagnostics.Activity("chat m").Start();
        activity.SetTag("error.message", $"401: Incorrect API key provided: Bearer {Key}");
        activity.SetTag("gen_ai.usage.input_tokens", 12);
        activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, $"echo {Key}");
        activity.Stop();
        var scrubber = new Rethink.Evaluation.Runs.SecretScrubber([Key], includeEnvironment: false);

        new Rethink.Cli.Models.ScrubbingActivityProcessor(t => scrubber.Scrub(t)!).OnEnd(activity);

        Assert.Equal("401: Incorrect API key provided: Bearer ***", activity.GetTagItem("error.message"));
        Assert.Equal(12, activity.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal("echo ***", activity.StatusDescription);
    }

    [Fact]
    public async Task Telemetry_is_off_by_default()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => Reply);

        var result = await Cli().RunAsync(Ask(server));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("otel:", result.All);
    }

    [Theory]
    [InlineData("RETHINK_OTEL", "jaeger", "environment variable RETHINK_OTEL='jaeger' is not one of off, console, otlp")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL='http/json' is not supported")]
    public async Task A_bad_switch_is_a_usage_error(string name, string value, string message)
    {
        var result = await Cli(("RETHINK_OTEL", name == "RETHINK_OTEL" ? value : "otlp"), (name, value))
            .RunAsync("ask", "q", "--strategy", "direct", "--model", "openai:m@http://127.0.0.1:1/v1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task Otlp_telemetry_reaches_a_collector_without_content_or_key()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => Reply);
        await using var collector = await FakeOtlpReceiver.StartAsync();

        var result = await Cli(
                ("RETHINK_OTEL", "otlp"),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.BaseUrl.AbsoluteUri),
                ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))
            .RunAsync(Ask(server));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("otel:", result.All);
        Assert.Contains("chat test-model", collector.Traces);
        Assert.Contains("gen_ai.request.model", collector.Traces);
        Assert.Contains("gen_ai.usage.output_tokens", collector.Traces);
        Assert.Contains("gen_ai.client.token.usage", collector.Metrics);
        Assert.DoesNotContain("prompt-canary", collector.Traces + collector.Metrics);
        Assert.DoesNotContain("reply-canary", collector.Traces + collector.Metrics);
        Assert.DoesNotContain(Key, collector.Traces + collector.Metrics);
    }

    [Fact]
    public async Task With_telemetry_on_the_key_stays_out_of_stderr_the_run_store_and_the_reports()
    {
        await using var server = await FakeOpenAIServer.StartAsync(GsmScript.Sample.Reply);
        var dir = Directory.CreateTempSubdirectory("rethink-otel-");
        try
        {
            var cli = new CliRunner { WorkingDirectory = dir.FullName };
            cli.Environment["OPENAI_API_KEY"] = Key;
            cli.Environment["RETHINK_OTEL"] = "console";

            var result = await cli.RunAsync(
                "eval", "--model", $"openai:test@{server.BaseUrl}", "--dataset", Path.Combine(RepoPaths.Samples, "gsm8k-sample.jsonl"),
                "--format", "gsm8k", "--strategy", "direct", "--limit", "3", "--store", "runs.db", "--json", "r.json", "--markdown", "r.md");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("otel: span 'chat test'", result.Stderr);
            Assert.DoesNotContain(Key, result.All);
            Assert.DoesNotContain(Key[..14], result.All);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var files = dir.EnumerateFiles("*", SearchOption.AllDirectories).ToList();
            Assert.Contains(files, f => f.Name == "runs.db");
            Assert.Contains(files, f => f.Name == "r.json");
            foreach (var file in files)
            {
                var text = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file.FullName));
                Assert.False(text.Contains(Key, StringComparison.Ordinal), $"the API key is in {file.Name}");
            }

            Assert.All(server.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
