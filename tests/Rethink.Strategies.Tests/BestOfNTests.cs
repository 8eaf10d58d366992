using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class BestOfNTests
{
    private static ScriptedChatClient BySample(params string[] answers) =>
        new(r => $"Answer: {answers[r.SampleIndex!.Value]}");

    [Fact]
    public async Task Verifier_selector_takes_the_first_passing_sample()
    {
        var gen = BySample("4", "5", "5", "6");
        var verifier = FakeVerifier.Expecting("5");
        var t = await new BestOfNStrategy(new() { Selector = BestOfNSelector.Verifier }).RunAsync(Problem(), Context(gen, verifier));
        Assert.Equal(4, gen.CallCount);
        Assert.Equal(2, verifier.CallCount);
        Assert.True(t.SawVerifier);
        Assert.Equal(StopReasons.VerifierPassed, t.StopReason);
        Assert.Same(t.Turns[1].Attempt, t.Final);
        Assert.Equal(["4", "5"], CommittedAnswers(t));
        Assert.Contains("Sample 1 passed", t.Turns[^1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verifier_selector_falls_back_to_the_highest_score()
    {
        var gen = BySample("4", "6", "7");
        var verifier = new FakeVerifier("graded", (_, a) => Verdict.Incorrect("graded.no", "no") with { Score = a.Answer == "6" ? 0.9 : 0.1 });
        var t = await new BestOfNStrategy(new() { Samples = 3, Selector = BestOfNSelector.Verifier }).RunAsync(Problem(), Context(gen, verifier));
        Assert.Equal("6", t.Final.Answer);
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
    }

    [Fact]
    public async Task Judge_selector_records_the_judgement()
    {
        var gen = BySample("4", "6", "5", "5");
        var judge = FakeJudge.Preferring("5");
        var t = await new BestOfNStrategy(new() { Selector = BestOfNSelector.Judge }).RunAsync(Problem(), Context(gen, judge: judge));
        Assert.Equal("5", t.Final.Answer);
        Assert.Same(t.Turns[2].Attempt, t.Final);
        Assert.Equal(4, judge.Seen.Single().Count);
        Assert.Contains(t.Turns, x => x.Role == TurnRole.Judge && x.Verdict!.Reason == "fake.judge.best");
        Assert.False(t.SawVerifier);
    }

    [Fact]
    public async Task Logprob_selector_picks_the_highest_mean_logprob()
    {
        var lps = new[] { -1.0, -0.2, -0.5, -0.2 };
        var gen = new ScriptedChatClient(r => ScriptedReply.Of($"Answer: {r.SampleIndex}").WithMeanLogProb(lps[r.SampleIndex!.Value]));
        var t = await new BestOfNStrategy(new() { Selector = BestOfNSelector.Logprob }).RunAsync(Problem(), Context(gen));
        Assert.Equal("1", t.Final.Answer);

        // Every sample asked the provider for log-probabilities; other selectors do not ask.
        Assert.Equal(4, gen.Requests.Count);
        Assert.All(gen.Requests, r => Assert.Equal(true, r.Options!.AdditionalProperties![RethinkProperties.LogProbs]));
        var majority = BySample("1", "2", "3", "4");
        await new BestOfNStrategy(new()).RunAsync(Problem(), Context(majority));
        Assert.All(majority.Requests, r => Assert.False(r.Options!.AdditionalProperties!.ContainsKey(RethinkProperties.LogProbs)));
    }

    [Fact]
    public async Task Logprob_selector_without_logprobs_stops_with_a_clear_error_and_keeps_the_samples()
    {
        var gen = BySample("1", "2", "3", "4");
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new BestOfNStrategy(new() { Selector = BestOfNSelector.Logprob }).RunAsync(Problem(), Context(gen)));
        Assert.Equal(StopReasons.Error, e.Partial.StopReason);
        Assert.Contains("sample 0", e.Partial.Error, StringComparison.Ordinal);
        Assert.Equal(4, e.Partial.Turns.Count);
        Assert.Equal("1", e.Partial.Final.Answer);
    }

    [Fact]
    public async Task Majority_selector_votes()
    {
        var gen = BySample("4", "6", "6", "4", "6");
        var t = await new BestOfNStrategy(new() { Samples = 5 }).RunAsync(Problem(), Context(gen));
        Assert.Equal("6", t.Final.Answer);
        Assert.Same(t.Turns[1].Attempt, t.Final);
    }

    [Fact]
    public async Task Missing_verifier_or_judge_fails_before_any_call()
    {
        var gen = BySample("1", "1", "1", "1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => new BestOfNStrategy(new() { Selector = BestOfNSelector.Verifier }).RunAsync(Problem(), Context(gen)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => new BestOfNStrategy(new() { Selector = BestOfNSelector.Judge }).RunAsync(Problem(), Context(gen)));
        Assert.Equal(0, gen.CallCount);
    }

    [Fact]
    public async Task Parallel_sampling_gives_distinct_indices()
    {
        var gen = new ScriptedChatClient(r => $"Answer: {r.SampleIndex}");
        var t = await new BestOfNStrategy(new() { Samples = 7, Parallelism = 4 }).RunAsync(Problem(), Context(gen));
        Assert.Equal(Enumerable.Range(0, 7), gen.Requests.Select(r => r.SampleIndex!.Value).Order());
        Assert.Equal("0", t.Final.Answer);
    }

    [Fact]
    public void Bounds_are_validated()
    {
        Assert.Equal("Samples", Assert.Throws<ArgumentOutOfRangeException>(() => new BestOfNStrategy(new() { Samples = 65 })).ParamName);
        Assert.Equal("Selector", Assert.Throws<ArgumentOutOfRangeException>(() => new BestOfNStrategy(new() { Selector = (BestOfNSelector)42 })).ParamName);
    }
}
