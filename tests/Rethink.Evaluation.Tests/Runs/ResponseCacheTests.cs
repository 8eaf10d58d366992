using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Testing;

namespace Rethink.Evaluation.Tests.Runs;

public sealed class ResponseCacheTests
{
    private const string Model = "fake:model@http://localhost/v1";

    private static ChatOptions Options(int sample, float temperature = 0.7f, long seed = 1) => new()
    {
        Temperature = temperature,
        Seed = seed,
        MaxOutputTokens = 50,
        AdditionalProperties = new() { [RethinkProperties.SampleIndex] = sample },
    };

    private static ChatOptions With(Action<ChatOptions> change)
    {
        var options = Options(0);
        change(options);
        return options;
    }

    private static List<ChatMessage> Messages(string question = "What is 2+2?") => [new(ChatRole.User, question)];

    private static ScriptedChatClient Counting() =>
        new(request => new ScriptedReply { Text = $"reply {request.Index}", InputTokens = 11, OutputTokens = 4 }.WithMeanLogProb(-0.5));

    [Fact]
    public async Task A_hit_returns_the_stored_text_and_usage_marked_cached_without_calling_the_provider()
    {
        await using var kit = new RunTestKit();
        await using var cache = await ResponseCache.OpenAsync(kit.DbPath);
        var inner = Counting();
        using var client = new ResponseCacheChatClient(inner, cache, Model);

        var first = await client.GetResponseAsync(Messages(), Options(0));
        var second = await client.GetResponseAsync(Messages(), Options(0));

        Assert.Equal(1, inner.CallCount);
        Assert.Equal("reply 0", first.Text);
        Assert.Null(first.AdditionalProperties?.GetValueOrDefault(RethinkProperties.Cached));
        Assert.Equal("reply 0", second.Text);
        Assert.Equal(true, second.AdditionalProperties![RethinkProperties.Cached]);
        Assert.Equal(-0.5, second.AdditionalProperties[RethinkProperties.MeanLogProb]);
        Assert.Equal(11, second.Usage!.InputTokenCount);
        Assert.Equal(4, second.Usage.OutputTokenCount);
        Assert.Equal("stop", second.FinishReason?.Value);
    }

    [Fact]
    public async Task Two_sample_indices_with_identical_prompts_are_two_entries_and_two_provider_calls()
    {
        await using var kit = new RunTestKit();
        await using var cache = await ResponseCache.OpenAsync(kit.DbPath);
        var inner = Counting();
        using var client = new ResponseCacheChatClient(inner, cache, Model);

        var sample0 = await client.GetResponseAsync(Messages(), Options(0));
        var sample1 = await client.GetResponseAsync(Messages(), Options(1));
        var again1 = await client.GetResponseAsync(Messages(), Options(1));

        Assert.Equal(2, inner.CallCount);
        Assert.Equal(2, await cache.CountAsync());
        Assert.NotEqual(sample0.Text, sample1.Text);
        Assert.Equal(sample1.Text, again1.Text);
        Assert.NotEqual(
            ResponseCacheKey.Compute(Model, Messages(), Options(0)),
            ResponseCacheKey.Compute(Model, Messages(), Options(1)));
    }

    [Fact]
    public async Task Run_samples_are_distinct_keys_even_with_equal_seeds()
    {
        var a = Options(0);
        a.AdditionalProperties![RunProperties.RunSample] = 0;
        var b = Options(0);
        b.AdditionalProperties![RunProperties.RunSample] = 1;

        Assert.NotEqual(ResponseCacheKey.Compute(Model, Messages(), a), ResponseCacheKey.Compute(Model, Messages(), b));
        await Task.CompletedTask;
    }

    [Fact]
    public void Every_output_affecting_option_changes_the_key_and_the_role_label_does_not()
    {
        var baseKey = ResponseCacheKey.Compute(Model, Messages(), Options(0));
        var variants = new List<ChatOptions>
        {
            Options(0, temperature: 0.2f),
            Options(0, seed: 2),
            With(o => o.MaxOutputTokens = 51),
            With(o => o.TopP = 0.5f),
            With(o => o.StopSequences = ["\n"]),
            With(o => o.ModelId = "other"),
            With(o => o.Instructions = "Be brief."),
            With(o => o.ResponseFormat = ChatResponseFormat.Json),
        };

        foreach (var variant in variants)
        {
            Assert.NotEqual(baseKey, ResponseCacheKey.Compute(Model, Messages(), variant));
        }

        Assert.NotEqual(baseKey, ResponseCacheKey.Compute("fake:other", Messages(), Options(0)));
        Assert.NotEqual(baseKey, ResponseCacheKey.Compute(Model, Messages("What is 2+3?"), Options(0)));
        Assert.NotEqual(baseKey, ResponseCacheKey.Compute(Model, [new ChatMessage(ChatRole.System, "What is 2+2?")], Options(0)));

        var labelled = Options(0);
        labelled.AdditionalProperties![RethinkProperties.ModelRole] = "Critic";
        Assert.Equal(baseKey, ResponseCacheKey.Compute(Model, Messages(), labelled));
        Assert.Equal(baseKey, ResponseCacheKey.Compute(Model, Messages(), Options(0)));
    }

    [Fact]
    public async Task Requests_with_tools_bypass_the_cache()
    {
        await using var kit = new RunTestKit();
        await using var cache = await ResponseCache.OpenAsync(kit.DbPath);
        var inner = Counting();
        using var client = new ResponseCacheChatClient(inner, cache, Model);
        var options = Options(0);
        options.Tools = [AIFunctionFactory.Create(() => 4, "four")];

        await client.GetResponseAsync(Messages(), options);
        await client.GetResponseAsync(Messages(), options);

        Assert.Equal(2, inner.CallCount);
        Assert.Equal(0, await cache.CountAsync());
    }

    [Fact]
    public async Task Streaming_stores_the_aggregated_response_and_replays_it()
    {
        await using var kit = new RunTestKit();
        await using var cache = await ResponseCache.OpenAsync(kit.DbPath);
        var inner = new ScriptedChatClient(_ => new ScriptedReply { Text = "a streamed answer of some length", InputTokens = 9, OutputTokens = 6 }) { StreamChunkSize = 5 };
        using var client = new ResponseCacheChatClient(inner, cache, Model);

        var streamed = await client.GetStreamingResponseAsync(Messages(), Options(0)).ToChatResponseAsync();
        var replayed = await client.GetStreamingResponseAsync(Messages(), Options(0)).ToChatResponseAsync();
        var plain = await client.GetResponseAsync(Messages(), Options(0));

        Assert.Equal(1, inner.CallCount);
        Assert.Equal("a streamed answer of some length", streamed.Text);
        Assert.Equal(streamed.Text, replayed.Text);
        Assert.Equal(streamed.Text, plain.Text);
        Assert.Equal(true, plain.AdditionalProperties![RethinkProperties.Cached]);
        Assert.Equal(9, plain.Usage!.InputTokenCount);
        Assert.Equal(6, replayed.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task A_failed_call_stores_nothing_and_entries_survive_reopening()
    {
        await using var kit = new RunTestKit();
        var calls = 0;
        var inner = new ScriptedChatClient(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedReply.Throws(new HttpRequestException("503"))
            : ScriptedReply.Of("fine"));
        await using (var cache = await ResponseCache.OpenAsync(kit.DbPath))
        {
            using var client = new ResponseCacheChatClient(inner, cache, Model);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(Messages(), Options(0)));
            Assert.Equal(0, await cache.CountAsync());
            Assert.Equal("fine", (await client.GetResponseAsync(Messages(), Options(0))).Text);
        }

        await using (var reopened = await ResponseCache.OpenAsync(kit.DbPath))
        {
            using var client = new ResponseCacheChatClient(inner, reopened, Model);
            var hit = await client.GetResponseAsync(Messages(), Options(0));
            Assert.Equal("fine", hit.Text);
            Assert.Equal(true, hit.AdditionalProperties![RethinkProperties.Cached]);
        }

        Assert.Equal(2, inner.CallCount);
    }
}
