using Rethink.Evaluation.Runs;

namespace Rethink.Evaluation.Tests.Runs;

public sealed class SecretScrubberTests
{
    private readonly SecretScrubber _scrubber = new(["registered+secret/value"], includeEnvironment: false);

    [Theory]
    [InlineData("Authorization: Bearer abcdef123456789", "abcdef123456789")]
    [InlineData("GET https://api.example.com/v1/chat?api-key=k3y-value-123&x=1 failed", "k3y-value-123")]
    [InlineData("https://alice:pa55word@host/v1 refused", "pa55word")]
    [InlineData("invalid key sk-proj-ABCDEFGHIJKLMNOP1234", "ABCDEFGHIJKLMNOP1234")]
    [InlineData("{\"api_key\": \"plainvalue42\"}", "plainvalue42")]
    [InlineData("x-api-key=hdrvalue77 in headers", "hdrvalue77")]
    [InlineData("echo: registered+secret/value", "registered+secret/value")]
    [InlineData("echo: registered%2Bsecret%2Fvalue", "registered%2Bsecret%2Fvalue")]
    public void Secrets_are_removed(string text, string secret)
    {
        var scrubbed = _scrubber.Scrub(text)!;

        Assert.DoesNotContain(secret, scrubbed, StringComparison.Ordinal);
        Assert.Contains("***", scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_values_are_the_registered_secrets_their_halves_and_escaped_forms_longest_first()
    {
        var scrubber = new SecretScrubber(["registered+secret/value", "shortkey1", "tiny", null, " "], includeEnvironment: false);

        Assert.Equal(
            ["registered%2Bsecret%2Fvalue", "registered+secret/value", "secret%2Fvalue", "registered%2B", "secret/value", "registered+", "shortkey1"],
            scrubber.KnownValues);
    }

    [Fact]
    public void Ordinary_text_is_left_alone()
    {
        const string text = "HttpRequestException: Connection refused (localhost:11434) while calling /v1/chat/completions";

        Assert.Equal(text, _scrubber.Scrub(text));
        Assert.Null(_scrubber.Scrub(null));
    }

    [Fact]
    public void Secret_looking_environment_variables_are_removed()
    {
        var name = "RETHINK_TEST_" + Guid.NewGuid().ToString("N")[..8] + "_API_KEY";
        var value = "env-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            var scrubber = new SecretScrubber();
            Assert.Equal("key was *** here", scrubber.Scrub($"key was {value} here"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Halves_of_a_long_registered_secret_are_removed_but_short_secrets_are_not_split()
    {
        var scrubber = new SecretScrubber(["sk-canary-0123456789abcdef", "shortkey1"], includeEnvironment: false);

        Assert.Equal("cut: *** (truncated)", scrubber.Scrub("cut: sk-canary-012 (truncated)"));
        Assert.Equal("tail: ***", scrubber.Scrub("tail: 3456789abcdef"));
        Assert.Equal("key ***", scrubber.Scrub("key shortkey1"));
        Assert.Equal("word shor and tkey1", scrubber.Scrub("word shor and tkey1"));
    }

    [Fact]
    public void The_narrow_pass_keeps_prose_and_query_strings_but_removes_keys()
    {
        var scrubber = new SecretScrubber(["registered-secret-value"], includeEnvironment: false);
        const string prose = "Set password: hunter2 and open https://example.com/?code=42; the token budget ran out.";

        Assert.Equal(prose, scrubber.ScrubKnownSecrets(prose));
        Assert.NotEqual(prose, scrubber.Scrub(prose));
        Assert.Equal("a *** b Bearer *** c sk-***", scrubber.ScrubKnownSecrets("a registered-secret-value b Bearer abc123def456 c sk-ABCDEFGHIJKLMNOP"));
        Assert.Null(scrubber.ScrubKnownSecrets(null));
    }

    [Fact]
    public void Prose_about_tokens_survives_the_full_pass()
    {
        const string text = "Token budget exhausted after 3 calls; token limit reached";

        Assert.Equal(text, _scrubber.Scrub(text));
    }
}
