using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary>Model specs through the command line (parse errors surface before any network use).</summary>
public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("openai:", "names no model")]
    [InlineData("openai:@http://127.0.0.1:1/v1", "names no model")]
    [InlineData("openai:m@ftp://127.0.0.1/v1", "invalid base URL")]
    [InlineData("openai:m@not a url", "invalid base URL")]
    [InlineData("openai:m@http://127.0.0.1:1/v1?api_key=abcdef123456", "credentials or query strings")]
    [InlineData("ollama", "names no model")]
    [InlineData("", "--model is empty")]
    [InlineData("gpt-4o", "unknown model scheme 'gpt-4o'")]
    public async Task Bad_specs_are_usage_errors(string spec, string fragment)
    {
        var result = await new CliRunner().RunAsync("ask", "q", "--strategy", "direct", "--model", spec);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: ", result.Stderr);
        Assert.Contains(fragment, result.Stderr);
        Assert.DoesNotContain("abcdef123456", result.All);
    }

    [Fact]
    public async Task OpenAI_without_a_key_is_refused_before_any_request()
    {
        var result = await new CliRunner().RunAsync("ask", "q", "--strategy", "direct", "--model", "openai:gpt-4o-mini");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("no API key for api.openai.com: set RETHINK_API_KEY", result.Stderr);
    }
}
