using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary>Usage mistakes: one clear line on stderr, exit code 2, nothing on stdout.</summary>
public sealed class UsageErrorTests
{
    private static void AssertOneLineError(CliResult result, int exitCode, params string[] fragments)
    {
        Assert.True(exitCode == result.ExitCode, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 1, result.ToString());
        Assert.StartsWith("rethink: error: ", lines[0]);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, lines[0]);
        }

        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Unknown_model_scheme_lists_the_supported_ones()
    {
        var result = await new CliRunner().RunAsync("ask", "What is 2+2?", "--model", "anthropic:claude@http://127.0.0.1:1/v1");

        AssertOneLineError(result, 2, "unknown model scheme 'anthropic'", "openai:<model>@<base-url>", "ollama:<model>[@<url>]");
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("--api-key", "sk-canary-cmdline-0123456789")]
    [InlineData("--api-key=sk-canary-cmdline-0123456789", null)]
    [InlineData("--key", "sk-canary-cmdline-0123456789")]
    public async Task Api_key_on_the_command_line_is_refused_without_echoing_it(string option, string? value)
    {
        var args = new List<string> { "eval", "--dataset", "x.jsonl", "--format", "gsm8k", "--strategy", "direct", "--model", "openai:m@http://127.0.0.1:1/v1", option };
        if (value is not null)
        {
            args.Add(value);
        }

        var result = await new CliRunner().RunAsync(args);

        AssertOneLineError(result, 2, "RETHINK_API_KEY", "environment");
        Assert.DoesNotContain("sk-canary-cmdline", result.All);
    }

    [Fact]
    public async Task Credentials_in_the_base_url_are_refused()
    {
        var result = await new CliRunner().RunAsync("ask", "q", "--model", "openai:m@http://user:secretpass1@127.0.0.1:1/v1");

        AssertOneLineError(result, 2, "credentials");
        Assert.DoesNotContain("secretpass1", result.All);
    }

    [Fact]
    public async Task Missing_required_option_is_a_usage_error()
    {
        var result = await new CliRunner().RunAsync("eval", "--dataset", "x.jsonl", "--format", "gsm8k", "--model", "openai:m@http://127.0.0.1:1/v1");

        AssertOneLineError(result, 2, "--strategy", "rethink eval --help");
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var result = await new CliRunner().RunAsync("eval", "--datasett", "x.jsonl");

        AssertOneLineError(result, 2);
    }

    [Fact]
    public async Task Invalid_on_error_value_is_a_usage_error()
    {
        var result = await new CliRunner().RunAsync(
            "eval", "--dataset", "x.jsonl", "--format", "gsm8k", "--strategy", "direct", "--model", "openai:m@http://127.0.0.1:1/v1", "--on-error", "retry");

        AssertOneLineError(result, 2, "retry");
    }

    [Fact]
    public async Task Negative_concurrency_is_a_usage_error()
    {
        var result = await new CliRunner().RunAsync(
            "eval", "--dataset", "x.jsonl", "--format", "gsm8k", "--strategy", "direct", "--model", "openai:m@http://127.0.0.1:1/v1", "--concurrency", "0");

        AssertOneLineError(result, 2, "--concurrency must be at least 1");
    }

    [Fact]
    public async Task No_command_shows_usage_error()
    {
        var result = await new CliRunner().RunAsync();

        Assert.NotEqual(0, result.ExitCode);
    }
}
