using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class CommonBehaviourTests
{
    public static TheoryData<string> NonVerifierStrategies => new(StrategyCatalog.Names.Where(n => n != VerifyRefineStrategy.StrategyName));

    public static TheoryData<string> AllStrategies => new(StrategyCatalog.Names);

    public static TheoryData<string> MultiCallStrategies =>
        new(StrategyCatalog.Names.Where(n => n is not DirectStrategy.StrategyName and not ChainOfThoughtStrategy.StrategyName));

    private static ScriptedChatClient Anything() =>
        new(r => ScriptedReply.Of("Some reasoning.\nAnswer: 5").WithMeanLogProb(-0.5 - (0.1 * (r.SampleIndex ?? 0))));

    // The tool strategies run whatever the model wrote; this executor "runs" a reply such as "Answer: 6" by printing 6,
    // so they give the same answers as the others on the shared script.
    private static ScriptedCodeExecutor EchoExecutor() =>
        new(r => ScriptedCodeExecutor.Ok((AnswerPrefixExtractor.Instance.Extract(r.Source.Split("# Added by Rethink")[0]) ?? string.Empty) + "\n"));

    private static StrategyContext FullContext(ScriptedChatClient gen, IVerifier verifier, long? maxTokens = null) =>
        Context(gen, verifier, judge: FakeJudge.Preferring("5"), maxTokens: maxTokens, executor: EchoExecutor());

    // self-debug's attempts are code (the whole reply when it has no fenced block), not extracted answers.
    private static string? Expected(string name, string answer) => name == SelfDebugStrategy.StrategyName ? "Answer: " + answer : answer;

    [Theory]
    [MemberData(nameof(NonVerifierStrategies))]
    public async Task Strategies_without_a_verifier_role_never_touch_the_feedback_verifier(string name)
    {
        var verifier = new ThrowingVerifier();
        foreach (var selector in name == BestOfNStrategy.StrategyName ? new[] { "majority", "judge", "logprob" } : [""])
        {
            var settings = selector.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["selector"] = selector };
            var t = await StrategyCatalog.Create(name, settings).RunAsync(Problem(), FullContext(Anything(), verifier));
            Assert.False(t.SawVerifier);
            Assert.Equal(name == SelfDebugStrategy.StrategyName ? "Some reasoning.\nAnswer: 5" : "5", t.Final.Answer);
        }

        Assert.Equal(0, verifier.CallCount);
    }

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public async Task A_budget_stops_with_a_partial_trajectory(string name)
    {
        var gen = Anything();
        var settings = name == BestOfNStrategy.StrategyName ? new Dictionary<string, string> { ["selector"] = "verifier" } : null;
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(
            () => StrategyCatalog.Create(name, settings).RunAsync(Problem(), FullContext(gen, FakeVerifier.Expecting("6"), maxTokens: 1)));
        Assert.Equal(StopReasons.Budget, e.Partial.StopReason);
        Assert.Equal(1, gen.CallCount);
        Assert.Single(e.Partial.Turns);
        Assert.Equal(name, e.Partial.Strategy);
        Assert.Equal("p1", e.Partial.ProblemId);
        Assert.True(e.Partial.TotalUsage.TotalTokens >= 1);
    }

    [Fact]
    public async Task A_budget_mid_run_keeps_what_was_committed()
    {
        var gen = new ScriptedChatClient(ScriptedReply.Of("Answer: 6").WithUsage(10, 10), ScriptedReply.Of("bad").WithUsage(10, 10), ScriptedReply.Of("Answer: 5").WithUsage(10, 10));
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new SelfRefineStrategy().RunAsync(Problem(), Context(gen, maxTokens: 50)));
        Assert.Equal(StopReasons.Budget, e.Partial.StopReason);
        Assert.Equal(3, e.Partial.Turns.Count);
        Assert.Equal("6", e.Partial.Final.Answer);
        Assert.Equal(["6"], CommittedAnswers(e.Partial));
    }

    [Fact]
    public async Task A_critic_that_overruns_the_budget_stops_the_run()
    {
        var gen = new ScriptedChatClient(ScriptedReply.Of("Answer: 6").WithUsage(1, 1));
        var critic = new ScriptedCritic(new Critique("wrong", VerdictLabel.Incorrect, CritiqueSource.Tool)) { UsagePerCritique = new TokenUsage(50, 50) };
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new SelfRefineStrategy().RunAsync(Problem(), Context(gen, critic: critic, maxTokens: 100)));
        Assert.Equal(StopReasons.Budget, e.Partial.StopReason);
        Assert.Equal(TurnRole.Critique, e.Partial.Turns[^1].Role);
    }

    [Theory]
    [MemberData(nameof(MultiCallStrategies))]
    public async Task Cancellation_during_the_second_call_stops_with_cancelled(string name)
    {
        using var cts = new CancellationTokenSource();
        var gen = new ScriptedChatClient(r =>
        {
            if (r.Index == 1)
            {
                cts.Cancel();
                return ScriptedReply.Hang();
            }

            return ScriptedReply.Of("Answer: 6");
        });
        var settings = name == SelfConsistencyStrategy.StrategyName ? new Dictionary<string, string> { ["adaptive"] = "false", ["parallelism"] = "1" } : null;
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(
            () => StrategyCatalog.Create(name, settings).RunAsync(Problem(), FullContext(gen, FakeVerifier.Expecting("5")), cts.Token));
        Assert.Equal(StopReasons.Cancelled, e.Partial.StopReason);
        Assert.Equal(Expected(name, "6"), e.Partial.CommittedAttempts[0].Answer);
    }

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public async Task A_cancelled_token_stops_before_anything_is_committed(string name)
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var gen = Anything();
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(
            () => StrategyCatalog.Create(name).RunAsync(Problem(), FullContext(gen, FakeVerifier.Expecting("5")), cts.Token));
        Assert.Equal(StopReasons.Cancelled, e.Partial.StopReason);
        Assert.Empty(e.Partial.CommittedAttempts);
    }

    [Theory]
    [MemberData(nameof(MultiCallStrategies))]
    public async Task A_conversation_that_outgrows_the_context_stops_with_its_last_committed_answer(string name)
    {
        var gen = new ScriptedChatClient(r => r.Index == 0
            ? ScriptedReply.Of("Answer: 6")
            : ScriptedReply.Throws(new ContextLengthExceededException("The prompt is 1030 tokens but model 'm' has a context of 1024.", 1030, 1024)));
        var settings = name == SelfConsistencyStrategy.StrategyName ? new Dictionary<string, string> { ["adaptive"] = "false", ["parallelism"] = "1" } : null;

        // Not a failure: the run ends as a round bound would end it, with the answer it had.
        var trajectory = await StrategyCatalog.Create(name, settings).RunAsync(Problem(), FullContext(gen, FakeVerifier.Expecting("5")));
        Assert.Equal(StopReasons.ContextLength, trajectory.StopReason);
        Assert.Null(trajectory.Error);
        Assert.Equal(Expected(name, "6"), trajectory.Final.Answer);
    }

    [Fact]
    public async Task A_first_prompt_that_does_not_fit_the_context_is_an_error_stop()
    {
        var gen = new ScriptedChatClient(ScriptedReply.Throws(new ContextLengthExceededException("too long")));
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new ReaskStrategy().RunAsync(Problem(), Context(gen)));
        Assert.Equal(StopReasons.Error, e.Partial.StopReason);
        Assert.Empty(e.Partial.CommittedAttempts);
    }

    [Fact]
    public async Task A_provider_failure_stops_with_error_and_keeps_earlier_turns()
    {
        var gen = new ScriptedChatClient("Answer: 6", ScriptedReply.Throws(new HttpRequestException("connection reset")));
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new ReaskStrategy().RunAsync(Problem(), Context(gen)));
        Assert.Equal(StopReasons.Error, e.Partial.StopReason);
        Assert.Equal("connection reset", e.Partial.Error);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Equal("6", e.Partial.Final.Answer);
    }

    [Fact]
    public async Task An_unreachable_model_is_an_error_stop()
    {
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new DirectStrategy().RunAsync(Problem(), Context(new UnreachableChatClient())));
        Assert.Equal(StopReasons.Error, e.Partial.StopReason);
        Assert.Empty(e.Partial.Turns);
    }

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public async Task Calls_are_recorded_with_their_usage(string name)
    {
        var gen = Anything();
        var settings = name == BestOfNStrategy.StrategyName ? new Dictionary<string, string> { ["selector"] = "verifier" } : null;
        var t = await StrategyCatalog.Create(name, settings).RunAsync(Problem(), FullContext(gen, FakeVerifier.Expecting("5")));
        Assert.Equal(gen.CallCount, t.Calls.Count());
        Assert.True(t.TotalUsage.OutputTokens > 0);
        Assert.NotEmpty(t.CommittedAttempts);
        Assert.Same(t.CommittedAttempts[^1], t.Final);
    }
}
