using Rethink.Cli.Telemetry;
using Rethink.Providers;
using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Testing.Http;

namespace Rethink.Cli.Tests.Telemetry;

/// <summary>The provider timeouts and retry cap as the CLI reads them from the environment.</summary>
public sealed class ProviderSettingsCliTests
{
    [Fact]
    public void Settings_come_from_the_environment_with_defaults()
    {
        var env = new Dictionary<string, string?>
        {
            ["RETHINK_REQUEST_TIMEOUT"] = "90",
            ["RETHINK_CONNECT_TIMEOUT"] = "2.5",
            ["RETHINK_RETRY_AFTER_CAP"] = "0",
        };

        var settings = ModelClientSettings.FromEnvironment(n => env.GetValueOrDefault(n), "key", 5);
        var defaults = ModelClientSettings.FromEnvironment(_ => null, null, 3);

        Assert.Equal(TimeSpan.FromSeconds(90), settings.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.Zero, settings.RetryAfterCap);
        Assert.Equal(5, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), defaults.RetryAfterCap);
    }

    [Fact]
    public void The_body_idle_timeout_has_its_own_variable_and_otherwise_follows_the_request_timeout()
    {
        var both = new Dictionary<string, string?> { ["RETHINK_REQUEST_TIMEOUT"] = "90", ["RETHINK_IDLE_TIMEOUT"] = "0.5" };
        var requestOnly = new Dictionary<string, string?> { ["RETHINK_REQUEST_TIMEOUT"] = "90" };

        var settings = ModelClientSettings.FromEnvironment(n => both.GetValueOrDefault(n), null, 3);
        var fallback = ModelClientSettings.FromEnvironment(n => requestOnly.GetValueOrDefault(n), null, 3);

        Assert.Equal(TimeSpan.FromSeconds(0.5), settings.BodyIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), fallback.BodyIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), new ModelClientSettings().BodyIdleTimeout);
    }

    [Theory]
    [InlineData("RETHINK_IDLE_TIMEOUT", "0")]
    [InlineData("RETHINK_REQUEST_TIMEOUT", "ten")]
    [InlineData("RETHINK_REQUEST_TIMEOUT", "0")]
    [InlineData("RETHINK_CONNECT_TIMEOUT", "-1")]
    [InlineData("RETHINK_RETRY_AFTER_CAP", "1e9")]
    public async Task A_malformed_setting_is_a_usage_error_naming_the_variable(string name, string value)
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 1");
        var cli = new CliRunner();
        cli.Environment[name] = value;

        var result = await cli.RunAsync("ask", "q", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"rethink: error: environment variable {name}='{value}'", result.Stderr);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task A_request_timeout_is_an_endpoint_failure_that_names_the_variable()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 1");
        server.BeforeAnswer = (_, aborted) => Task.Delay(TimeSpan.FromSeconds(30), aborted);
        var cli = new CliRunner();
        cli.Environment["RETHINK_REQUEST_TIMEOUT"] = "1.5";

        var result = await cli.RunAsync("ask", "q", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("the model endpoint sent no response within 1.5 s (set RETHINK_REQUEST_TIMEOUT", result.Stderr);

        // At most one: timeouts are not retried (default --retries 3). Under a heavily loaded test run the first
        // request can time out before the server has read it, so exactly-one is left to RetryingHttpHandlerTests.
        Assert.InRange(server.ArrivalTimes.Count, 0, 1);
    }
}
