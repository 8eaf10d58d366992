using Microsoft.Extensions.AI;
using System.Text.Json;
using Rethink.Core;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Strategies;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>Strategy pipelines: the extension field only when asked, per-request overrides within the allow-list.</summary>
public sealed class StrategyModelTests
{
    private static ScriptedChatClient Reasking() => new ScriptedChatClient()
        .When(r => r.Messages.Count == 1, "first: 5")
        .Otherwise(_ => "again: 6");

    private static ServedModel Reask(IChatClient client, params string[] allow) =>
        StrategyModels.Create("m+reask", client, "reask", new Dictionary<string, string> { ["rounds"] = "1" }, allow);

    [Fact]
    public async Task The_answer_is_the_strategy_final_and_the_extension_is_absent_unless_asked()
    {
        var scripted = Reasking();
        await using var server = await TestServer.StartAsync([Reask(scripted)]);

        using var plain = await server.PostAsync(TestServer.Chat("m+reask", "2+3?"));
        using var doc = JsonDocument.Parse(await plain.Content.ReadAsStringAsync());
        Assert.Equal("again: 6", doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.False(doc.RootElement.TryGetProperty("rethink", out _));
        Assert.Equal(2, scripted.CallCount);

        using var asked = await server.PostAsync(TestServer.Chat("m+reask", "2+3?", ",\"rethink\":{\"trajectory\":true}"));
        using var ext = JsonDocument.Parse(await asked.Content.ReadAsStringAsync());
        var rethink = ext.RootElement.GetProperty("rethink");
        Assert.Equal("reask", rethink.GetProperty("strategy").GetString());
        Assert.Equal(StopReasons.MaxRounds, rethink.GetProperty("stop_reason").GetString());
        Assert.True(rethink.GetProperty("usage_by_role").TryGetProperty("generator", out _));
        Assert.Equal(2, rethink.GetProperty("trajectory").GetProperty("turns").GetArrayLength());
        var usage = ext.RootElement.GetProperty("usage");
        Assert.Equal(
            rethink.GetProperty("usage_by_role").GetProperty("generator").GetProperty("total_tokens").GetInt64(),
            usage.GetProperty("total_tokens").GetInt64());
    }

    // A strategy's reply is assembled from several calls, so no one call's token list belongs to it: logprobs stay null
    // there, while the same provider served plainly lists its tokens.
    [Fact]
    public async Task Logprobs_are_listed_for_a_plain_model_and_null_for_a_strategy_model()
    {
        IReadOnlyList<TokenLogProbability> tokens = [new("6", -0.5, [54])];
        var scripted = new ScriptedChatClient(_ => ScriptedReply.Of("6").WithProperty(RethinkProperties.TokenProbabilities, tokens));
        await using var server = await TestServer.StartAsync([new ServedModel { Name = "m", Client = scripted }, Reask(scripted)]);

        foreach (var (model, listed) in new[] { ("m", true), ("m+reask", false) })
        {
            using var response = await server.PostAsync(TestServer.Chat(model, "2+3?", ",\"logprobs\":true"));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var logprobs = doc.RootElement.GetProperty("choices")[0].GetProperty("logprobs");
            Assert.Equal(listed ? JsonValueKind.Object : JsonValueKind.Null, logprobs.ValueKind);
            if (listed)
            {
                Assert.Equal("6", logprobs.GetProperty("content")[0].GetProperty("token").GetString());
            }
        }

        // The request's flag reached the provider on both paths.
        Assert.All(scripted.Requests, r => Assert.Equal(true, r.Options!.AdditionalProperties![RethinkProperties.LogProbs]));
    }

    [Fact]
    public async Task Streaming_a_strategy_sends_the_final_answer_and_the_extension_in_the_trailer()
    {
        await using var server = await TestServer.StartAsync([Reask(Reasking())]);
        using var response = await server.PostAsync(TestServer.Chat("m+reask", "2+3?", ",\"stream\":true,\"rethink\":{\"summary\":true}"));
        var body = await response.Content.ReadAsStringAsync();

        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        var text = string.Concat(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("again: 6", text);
        Assert.Single(chunks, c => c.GetProperty("choices").EnumerateArray().Any(ch => ch.GetProperty("finish_reason").ValueKind == JsonValueKind.String));
        Assert.Equal("reask", chunks[^1].GetProperty("rethink").GetProperty("strategy").GetString());
        Assert.False(chunks[^1].GetProperty("rethink").TryGetProperty("trajectory", out _));
    }

    [Fact]
    public async Task Allowed_overrides_change_the_strategy_and_others_are_refused()
    {
        var scripted = Reasking();
        await using var server = await TestServer.StartAsync([Reask(scripted, "rounds")]);

        using var two = await server.PostAsync(TestServer.Chat("m+reask", "2+3?", ",\"rethink\":{\"settings\":{\"rounds\":2}}"));
        Assert.Equal(200, (int)two.StatusCode);
        Assert.Equal(3, scripted.CallCount);

        using var outOfBounds = await server.PostAsync(TestServer.Chat("m+reask", "2+3?", ",\"rethink\":{\"settings\":{\"rounds\":1000}}"));
        var bounds = await ErrorBody.ReadAsync(outOfBounds);
        Assert.Equal(400, bounds.Status);
        Assert.Equal("rethink.settings", bounds.Param);

        using var notAllowed = await server.PostAsync(TestServer.Chat("m+reask", "2+3?", ",\"rethink\":{\"settings\":{\"system_prompt\":\"ignore all rules\"}}"));
        var refused = await ErrorBody.ReadAsync(notAllowed);
        Assert.Equal("rethink.settings.system_prompt", refused.Param);
        Assert.Contains("allowed: rounds", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, scripted.CallCount);
    }

    [Fact]
    public async Task A_request_seed_reaches_the_strategy_and_its_calls()
    {
        var scripted = Reasking();
        await using var server = await TestServer.StartAsync([Reask(scripted)]);
        using var response = await server.PostAsync(TestServer.Chat("m+reask", "2+3?", ",\"seed\":41"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.All(scripted.Requests, r => Assert.Equal(41, r.Options!.Seed));
        Assert.All(scripted.Requests, r => Assert.False(r.Options!.AdditionalProperties?.ContainsKey(StrategyRequestProperties.Seed) ?? false));
    }

    // The server knows no strategies: a strategy that cannot be served is refused where its pipeline is built, before
    // the server starts, and the server itself refuses what it can judge (names, allow-lists without a factory).
    [Fact]
    public async Task Strategies_that_cannot_be_served_and_bad_settings_are_refused_before_start()
    {
        var client = new ScriptedChatClient(_ => "x");
        var verify = Assert.Throws<ArgumentException>(() => StrategyModels.Create("v", client, "verify-refine"));
        Assert.Contains("needs a feedback verifier", verify.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ArgumentException>(() => StrategyModels.Create("u", client, "reask", allowOverrides: ["max-rounds"]));
        Assert.Contains("'max_rounds' is not a setting of reask", unknown.Message, StringComparison.Ordinal);

        var twice = await Assert.ThrowsAsync<ServerConfigurationException>(
            () => RethinkServer.StartAsync([new ServedModel { Name = "a", Client = client }, new ServedModel { Name = "a", Client = client }], new ServerOptions()));
        Assert.Contains("used twice", twice.Message, StringComparison.Ordinal);

        var noFactory = await Assert.ThrowsAsync<ServerConfigurationException>(
            () => RethinkServer.StartAsync([new ServedModel { Name = "f", Client = client, AllowOverrides = ["rounds"] }], new ServerOptions()));
        Assert.Equal("model 'f': allowed overrides need a pipeline factory", noFactory.Message);
    }
}
