using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>
/// The server serves any pipeline factory, not only strategies: here a hand-written pipeline that repeats the provider's
/// reply a number of times, with that number as the one setting a request may change.
/// </summary>
public sealed class PipelineFactoryTests
{
    private static (ServedModel Model, List<IReadOnlyDictionary<string, string>> Calls) Repeating(IChatClient provider)
    {
        var calls = new List<IReadOnlyDictionary<string, string>>();
        var model = new ServedModel
        {
            Name = "m+repeat",
            Client = new RepeatingChatClient(provider, 1),
            PipelineFactory = overrides =>
            {
                lock (calls)
                {
                    calls.Add(overrides);
                }

                var text = overrides["times"];
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var times) && times is >= 1 and <= 3
                    ? new RepeatingChatClient(provider, times)
                    : throw new ArgumentException($"Setting 'times' must be an integer from 1 to 3; got '{text}'.", nameof(overrides));
            },
            AllowOverrides = ["Times"],
        };
        return (model, calls);
    }

    private static string Content(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    [Fact]
    public async Task A_hand_written_factory_builds_the_pipeline_for_a_request_that_overrides_an_allowed_setting()
    {
        var provider = new ScriptedChatClient(_ => "ab");
        var (model, calls) = Repeating(provider);
        await using var server = await TestServer.StartAsync([model]);

        using var plain = await server.PostAsync(TestServer.Chat("m+repeat", "hi"));
        Assert.Equal("ab", Content(await plain.Content.ReadAsStringAsync()));
        Assert.Empty(calls);

        using var three = await server.PostAsync(TestServer.Chat("m+repeat", "hi", ",\"rethink\":{\"settings\":{\"times\":3}}"));
        Assert.Equal("ababab", Content(await three.Content.ReadAsStringAsync()));

        // Keys reach the factory normalised (the allow-list said "Times", the request "TIMES"), values as written.
        using var two = await server.PostAsync(TestServer.Chat("m+repeat", "hi", ",\"rethink\":{\"settings\":{\"TIMES\":\"2\"}}"));
        Assert.Equal("abab", Content(await two.Content.ReadAsStringAsync()));
        Assert.Equal(["times=3", "times=2"], calls.Select(c => string.Join(",", c.Select(kv => $"{kv.Key}={kv.Value}"))));

        // Not a strategy: the request's seed is not forwarded as a strategy seed, and the extension has no strategy to report.
        using var seeded = await server.PostAsync(TestServer.Chat("m+repeat", "hi", ",\"seed\":7,\"rethink\":{\"summary\":true,\"settings\":{\"times\":2}}"));
        using (var doc = JsonDocument.Parse(await seeded.Content.ReadAsStringAsync()))
        {
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("rethink").GetProperty("strategy").ValueKind);
        }

        Assert.Equal(7, provider.Requests[^1].Options!.Seed);
        Assert.False(provider.Requests[^1].Options!.AdditionalProperties?.ContainsKey(RethinkProperties.StrategySeed) ?? false);
    }

    [Fact]
    public async Task A_factory_pipeline_streams_and_its_refusals_are_400s_that_never_reach_the_provider()
    {
        var provider = new ScriptedChatClient(_ => "ab");
        var (model, calls) = Repeating(provider);
        await using var server = await TestServer.StartAsync([model]);

        using var streamed = await server.PostAsync(TestServer.Chat("m+repeat", "hi", ",\"stream\":true,\"rethink\":{\"settings\":{\"times\":2}}"));
        var events = (await streamed.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", events[^1]);
        var text = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement)
            .SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("abab", text);
        var before = provider.CallCount;

        using var bad = await server.PostAsync(TestServer.Chat("m+repeat", "hi", ",\"rethink\":{\"settings\":{\"times\":9}}"));
        var refused = await ErrorBody.ReadAsync(bad);
        Assert.Equal(400, refused.Status);
        Assert.Equal("rethink.settings", refused.Param);
        Assert.Equal("Invalid setting: Setting 'times' must be an integer from 1 to 3; got '9'.", refused.Message);

        using var other = await server.PostAsync(TestServer.Chat("m+repeat", "hi", ",\"rethink\":{\"settings\":{\"system_prompt\":\"x\"}}"));
        var notAllowed = await ErrorBody.ReadAsync(other);
        Assert.Equal(400, notAllowed.Status);
        Assert.Equal("rethink.settings.system_prompt", notAllowed.Param);
        Assert.Equal("Setting 'system_prompt' of model 'm+repeat' cannot be overridden per request; allowed: times.", notAllowed.Message);

        Assert.Equal(before, provider.CallCount);
        Assert.Equal(2, calls.Count); // the stream and the refused value; the key outside the allow-list never reached it
    }

    [Fact]
    public async Task A_model_without_a_factory_refuses_every_override()
    {
        var provider = new ScriptedChatClient(_ => "ab");
        await using var server = await TestServer.StartAsync(provider);

        using var response = await server.PostAsync(TestServer.Chat("m", "hi", ",\"rethink\":{\"settings\":{\"times\":2}}"));
        var error = await ErrorBody.ReadAsync(response);

        Assert.Equal(400, error.Status);
        Assert.Equal("rethink.settings", error.Param);
        Assert.Equal("Model 'm' runs no strategy, so it has no settings to override.", error.Message);
        Assert.Equal(0, provider.CallCount);
    }

    /// <summary>A pipeline that is no strategy: the provider's reply, repeated <c>times</c> times.</summary>
    private sealed class RepeatingChatClient(IChatClient inner, int times) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(Enumerable.Repeat(response.Text, times)))) { Usage = response.Usage };
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken);
            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }
    }
}
