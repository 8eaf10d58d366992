using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Testing;

namespace Rethink.Strategies.Tests;

public class MiddlewareTests
{
    private static readonly StrategyChatClientOptions Extracting = new() { Extractor = AnswerPrefixExtractor.Instance };

    private static Trajectory TrajectoryOf(ChatResponse r) => Assert.IsType<Trajectory>(r.AdditionalProperties![RethinkProperties.Trajectory]);

    [Fact]
    public async Task UseSelfRefine_returns_the_refined_answer_with_the_trajectory_and_total_usage()
    {
        var scripted = new ScriptedChatClient(
            ScriptedReply.Of("Answer: 6").WithUsage(10, 2),
            ScriptedReply.Of("Off by one. Score: 3/10").WithUsage(20, 4),
            ScriptedReply.Of("Answer: 5").WithUsage(30, 2),
            ScriptedReply.Of("NO FURTHER CHANGES NEEDED").WithUsage(40, 4));
        using var client = new ChatClientBuilder(scripted).UseSelfRefine(clientOptions: Extracting).Build();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is 2 + 3?")]);

        Assert.Equal("Answer: 5", response.Text);
        var t = TrajectoryOf(response);
        Assert.Equal("self-refine", t.Strategy);
        Assert.Equal(StopReasons.StopPhrase, t.StopReason);
        Assert.Equal(["6", "5"], t.CommittedAttempts.Select(a => a.Answer));
        Assert.Equal(100, response.Usage!.InputTokenCount);
        Assert.Equal(12, response.Usage.OutputTokenCount);
        Assert.Equal(112, response.Usage.TotalTokenCount);
        Assert.StartsWith("chat-", t.ProblemId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_runs_the_strategy_then_streams_only_the_final_answer()
    {
        var scripted = new ScriptedChatClient("Answer: 6", "Answer: 5");
        using var client = new ChatClientBuilder(scripted).UseReask(clientOptions: Extracting).Build();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync("What is 2 + 3?"))
        {
            updates.Add(u);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("Answer: 5", response.Text);
        Assert.DoesNotContain(updates, u => u.Text.Contains('6', StringComparison.Ordinal));
        Assert.Contains(updates, u => u.AdditionalProperties?.ContainsKey(RethinkProperties.Trajectory) == true);
        Assert.All(scripted.Requests, r => Assert.False(r.Streaming));
    }

    [Fact]
    public async Task Per_request_overrides_are_read_and_not_forwarded()
    {
        var scripted = new ScriptedChatClient(r => $"Answer: {r.SampleIndex}");
        using var client = new ChatClientBuilder(scripted).UseSelfConsistency(new SelfConsistencyOptions { Samples = 3, Adaptive = false }, Extracting).Build();
        var options = new ChatOptions
        {
            ModelId = "m1",
            AdditionalProperties = new()
            {
                [StrategyRequestProperties.ProblemId] = "gsm-7",
                [StrategyRequestProperties.Seed] = 100,
                [StrategyRequestProperties.SampleTemperature] = "0.25",
                ["vendor.flag"] = true,
            },
        };

        var response = await client.GetResponseAsync("q", options);

        Assert.Equal("gsm-7", TrajectoryOf(response).ProblemId);
        Assert.Equal([100L, 101, 102], scripted.Requests.Select(r => r.Options!.Seed!.Value));
        Assert.All(scripted.Requests, r =>
        {
            Assert.Equal(0.25f, r.Options!.Temperature);
            Assert.Equal("m1", r.Options.ModelId);
            Assert.True(r.Options.AdditionalProperties!.ContainsKey("vendor.flag"));
            Assert.DoesNotContain(r.Options.AdditionalProperties!.Keys, k => StrategyRequestProperties.All.Contains(k));
        });
        Assert.True(options.AdditionalProperties.ContainsKey(StrategyRequestProperties.ProblemId)); // caller's options untouched
    }

    [Fact]
    public async Task A_request_budget_override_stops_the_strategy()
    {
        var scripted = new ScriptedChatClient(ScriptedReply.Of("Answer: 6").WithUsage(5, 5), ScriptedReply.Of("more").WithUsage(5, 5));
        using var client = new ChatClientBuilder(scripted).UseCritiqueRevise(clientOptions: Extracting).Build();
        var options = new ChatOptions { AdditionalProperties = new() { [StrategyRequestProperties.MaxTokens] = 15L } };
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => client.GetResponseAsync("q", options));
        Assert.Equal(StopReasons.Budget, e.Partial.StopReason);
        Assert.Equal(2, scripted.CallCount);

        var bad = new ChatOptions { AdditionalProperties = new() { [StrategyRequestProperties.MaxTokens] = "lots" } };
        var ae = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("q", bad));
        Assert.Contains(StrategyRequestProperties.MaxTokens, ae.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseVerifyRefine_hands_the_verifier_and_marks_the_trajectory()
    {
        var scripted = new ScriptedChatClient("Answer: 6", "Answer: 5");
        using var client = new ChatClientBuilder(scripted).UseVerifyRefine(FakeVerifier.Expecting("5"), clientOptions: Extracting).Build();
        var response = await client.GetResponseAsync("What is 2 + 3?");
        Assert.Equal("Answer: 5", response.Text);
        Assert.True(TrajectoryOf(response).SawVerifier);
        Assert.Equal(StopReasons.VerifierPassed, TrajectoryOf(response).StopReason);
    }

    [Fact]
    public async Task Other_builder_extensions_run_their_strategies()
    {
        var cases = new (Func<ChatClientBuilder, ChatClientBuilder> Use, string Name)[]
        {
            (b => b.UseIoe(clientOptions: Extracting), "ioe"),
            (b => b.UseBestOfN(new BestOfNOptions { Samples = 2 }, Extracting), "best-of-n"),
            (b => b.UseStrategy(new DirectStrategy(), Extracting), "direct"),
        };
        foreach (var (use, name) in cases)
        {
            using var client = use(new ChatClientBuilder(new ScriptedChatClient(_ => "Answer: 5"))).Build();
            var response = await client.GetResponseAsync("q");
            Assert.Equal(name, TrajectoryOf(response).Strategy);
            Assert.Equal("Answer: 5", response.Text);
        }
    }

    [Fact]
    public async Task Strategy_middleware_serves_concurrent_requests_independently()
    {
        var scripted = new ScriptedChatClient(r => $"Answer: {r.LastUserText}");
        using var client = new ChatClientBuilder(scripted).UseReask(clientOptions: Extracting).Build();
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.GetResponseAsync($"q{i}")));
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal($"Answer: q{i}", responses[i].Text);
            Assert.Equal(2, TrajectoryOf(responses[i]).Turns.Count);
        }
    }

    [Fact]
    public async Task Tool_strategy_extensions_hand_the_executor_to_their_strategies()
    {
        // Answers each kind of program as if it had run: a critic program prints 5, a verifier passes, tests pass.
        var exec = new ScriptedCodeExecutor(r => ScriptedCodeExecutor.Ok(
            r.Source.Contains("_rethink_answer", StringComparison.Ordinal) ? "5\n"
            : r.Source.Contains("_rethink_chunks", StringComparison.Ordinal) ? SelfDebugStrategy.SummaryMarker + "1 of 1 passed\n"
            : "[Verification Result] True\n"));
        var cases = new (Func<ChatClientBuilder, ChatClientBuilder> Use, string Name, string Text)[]
        {
            (b => b.UseCritic(exec, new CriticOptions { MaxRounds = 1 }, Extracting), "critic", "Answer: 5"),
            (b => b.UseCriticNoTool(exec, new CriticOptions { MaxRounds = 1 }, Extracting), "critic-no-tool", "Answer: 5"),
            (b => b.UseProgCo(new ProgCoOptions { Execution = ProgCoExecution.Sandbox }, Extracting with { CodeExecutor = exec }), "progco", "```python\ndef verify(answer): return True\n```"),
            (b => b.UseSelfDebug(exec, clientOptions: Extracting), "self-debug", "```python\ndef verify(answer): return True\n```"),
        };
        foreach (var (use, name, text) in cases)
        {
            using var client = use(new ChatClientBuilder(new ScriptedChatClient(_ => "```python\ndef verify(answer): return True\n```"))).Build();
            var response = await client.GetResponseAsync("q");
            Assert.Equal(name, TrajectoryOf(response).Strategy);
            Assert.Equal(text, response.Text);
        }

        // One run each: the critic variants rewrite the same program, which is not run again.
        Assert.Equal(4, exec.CallCount);
    }
}
