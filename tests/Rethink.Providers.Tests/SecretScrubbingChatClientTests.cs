using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rethink.Providers;
using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Providers.Tests;

/// <summary>
/// The provider-boundary secret masking: whole responses, streams whose secret is split across updates, reasoning,
/// tool-call arguments and log-probability tokens, with a hand-written client that returns exactly the updates a test
/// gives it.
/// </summary>
public sealed class SecretScrubbingChatClientTests
{
    private const string Key = "rk-upstream-canary-4c1d9e2f7a3b";

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "q")];

    private static IChatClient Scrubbed(IChatClient inner) =>
        inner.AsBuilder().UseSecretScrubbing(new SecretScrubber([Key], includeEnvironment: false).KnownValues).Build();

    [Fact]
    public async Task A_whole_reply_loses_the_key_and_keeps_everything_else()
    {
        var reply = new ChatResponse(new ChatMessage(ChatRole.Assistant, $"The key is {Key}, half {Key[..15]}.\n#### 42")) { RawRepresentation = "raw " + Key };
        using var client = Scrubbed(new FixedClient(reply, []));

        var response = await client.GetResponseAsync(Question);

        Assert.Equal($"The key is ***, half ***.\n#### 42", response.Text);
        Assert.Null(response.RawRepresentation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(29)]
    public async Task A_key_split_across_stream_updates_is_masked_and_no_update_is_split(int cut)
    {
        // "... rk-up" + "stream-canary-... done" (and other cuts): no single update holds the whole key.
        var text = $"The key is {Key} done.\n#### 42";
        var at = text.IndexOf(Key, StringComparison.Ordinal) + cut;
        ChatResponseUpdate[] updates =
        [
            new(ChatRole.Assistant, text[..at]) { RawRepresentation = "raw" },
            new(ChatRole.Assistant, text[at..]) { RawRepresentation = "raw" },
            new() { FinishReason = ChatFinishReason.Stop, Contents = [new UsageContent(new UsageDetails { OutputTokenCount = 9 })] },
        ];
        using var client = Scrubbed(new FixedClient(null, updates));

        var received = await client.GetStreamingResponseAsync(Question).ToListAsync();

        Assert.Equal("The key is *** done.\n#### 42", string.Concat(received.Select(u => u.Text)));
        Assert.Equal(3, received.Count);
        Assert.Equal(ChatFinishReason.Stop, received[2].FinishReason);
        Assert.All(received, u => Assert.DoesNotContain(Key[..Math.Max(cut, 8)], u.Text, StringComparison.Ordinal));
        Assert.Equal(9, received.ToChatResponse().Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_key_spread_over_many_small_updates_and_one_at_the_very_end_are_masked_and_near_misses_are_not()
    {
        // "rk-update" starts like the key and then is not it; the text ends with the start of the key and nothing more.
        var text = $"{Key} then rk-update, {Key[..15]}x and {Key} rk-";
        var updates = text.Chunk(3).Select(c => new ChatResponseUpdate(ChatRole.Assistant, new string(c))).ToArray();
        using var client = Scrubbed(new FixedClient(null, updates));

        var received = await client.GetStreamingResponseAsync(Question).ToListAsync();

        Assert.Equal("*** then rk-update, ***x and *** rk-", string.Concat(received.Select(u => u.Text)));
        Assert.Equal(updates.Length, received.Count);
    }

    [Fact]
    public async Task Reasoning_tool_call_arguments_and_error_content_are_masked()
    {
        using var arguments = JsonDocument.Parse($$$"""{"query": "use {{{Key}}}", "nested": {"{{{Key}}}": [1, "x{{{Key}}}"]}}""");
        var message = new ChatMessage(ChatRole.Assistant, [
            new TextReasoningContent($"I will send {Key}"),
            new FunctionCallContent("call-1", "search", new Dictionary<string, object?> { ["q"] = arguments.RootElement.Clone(), ["plain"] = Key }),
            new ErrorContent($"upstream said {Key}") { Details = Key },
        ]);
        using var client = Scrubbed(new FixedClient(new ChatResponse(message), []));

        var response = await client.GetResponseAsync(Question);

        var contents = response.Messages.Single().Contents;
        Assert.Equal("I will send ***", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        var call = Assert.IsType<FunctionCallContent>(contents[1]);
        Assert.Equal("***", call.Arguments!["plain"]);
        Assert.Equal("""{"query":"use ***","nested":{"***":[1,"x***"]}}""", JsonSerializer.Serialize(call.Arguments["q"]));
        var error = Assert.IsType<ErrorContent>(contents[2]);
        Assert.Equal("upstream said ***", error.Message);
        Assert.Equal("***", error.Details);
    }

    [Fact]
    public async Task Log_probability_tokens_that_spell_the_key_across_updates_are_masked_token_by_token()
    {
        // Tokens of four chars each, the key starting mid-token and split across the two updates.
        var text = "ab " + Key + " cd";
        var tokens = Enumerable.Range(0, (text.Length + 3) / 4).Select(i => text.Substring(i * 4, Math.Min(4, text.Length - (i * 4)))).ToList();
        var split = tokens.Count / 2;
        ChatResponseUpdate Update(IEnumerable<string> part) => new(ChatRole.Assistant, string.Concat(part))
        {
            AdditionalProperties = new() { [RethinkProperties.TokenProbabilities] = part.Select(t => new TokenLogProbability(t, -0.5, System.Text.Encoding.UTF8.GetBytes(t)) { TopAlternatives = [new TokenLogProbability(Key[..4], -2, [])] }).ToList() },
        };
        using var client = Scrubbed(new FixedClient(null, [Update(tokens.Take(split)), Update(tokens.Skip(split))]));

        var received = await client.GetStreamingResponseAsync(Question).ToListAsync();

        var reported = received.SelectMany(u => (IReadOnlyList<TokenLogProbability>)u.AdditionalProperties![RethinkProperties.TokenProbabilities]!).ToList();
        Assert.Equal(tokens.Count, reported.Count);
        Assert.Equal("ab *** cd", string.Concat(reported.Select(t => t.Token)));
        Assert.Equal("ab *** cd", System.Text.Encoding.UTF8.GetString(reported.SelectMany(t => t.Bytes).ToArray()));
        Assert.Equal("ab *** cd", string.Concat(received.Select(u => u.Text)));
        Assert.All(reported.Where(t => t.Token.Contains('*', StringComparison.Ordinal) || t.Token.Length == 0), t => Assert.Empty(t.TopAlternatives));
    }

    [Fact]
    public async Task Whole_response_tokens_are_masked_too()
    {
        var tokens = new[] { "x ", Key[..10], Key[10..], " y" }.Select(t => new TokenLogProbability(t, -1, System.Text.Encoding.UTF8.GetBytes(t))).ToList();
        var reply = new ChatResponse(new ChatMessage(ChatRole.Assistant, "x " + Key + " y")) { AdditionalProperties = new() { [RethinkProperties.TokenProbabilities] = tokens } };
        using var client = Scrubbed(new FixedClient(reply, []));

        var response = await client.GetResponseAsync(Question);

        var masked = (IReadOnlyList<TokenLogProbability>)response.AdditionalProperties![RethinkProperties.TokenProbabilities]!;
        Assert.Equal(["x ", "***", "", " y"], masked.Select(t => t.Token));
        Assert.Equal("x *** y", response.Text);
    }

    /// <summary>Answers every call with the same response, or streams the same updates.</summary>
    private sealed class FixedClient(ChatResponse? response, IReadOnlyList<ChatResponseUpdate> updates) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(response ?? throw new InvalidOperationException("no response scripted"));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in updates)
            {
                await Task.Yield();
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
