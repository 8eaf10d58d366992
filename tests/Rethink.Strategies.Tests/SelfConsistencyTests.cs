using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class SelfConsistencyTests
{
    private static ScriptedChatClient BySample(params string[] answers) =>
        new(r => $"Answer: {answers[r.SampleIndex!.Value]}");

    [Fact]
    public async Task Unanimous_samples_stop_after_four_by_the_beta_rule()
    {
        var gen = BySample("7", "7", "7", "7", "7", "7", "7", "7", "7", "7");
        var t = await new SelfConsistencyStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.Consensus, t.StopReason);
        Assert.Equal(4, gen.CallCount); // P(3,0) = 0.9375 < 0.95 <= P(4,0) = 0.96875
        Assert.Contains("Samples used: 4", t.Turns[^1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dissenting_sample_delays_the_stop_to_the_hand_computed_point()
    {
        // After 6 samples a=5, b=1: P = 120/128 = 0.9375; after 7, a=6, b=1: P = 247/256 = 0.9648.
        var gen = BySample("7", "7", "8", "7", "7", "7", "7", "7", "7", "7");
        var t = await new SelfConsistencyStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal(7, gen.CallCount);
        Assert.Equal(StopReasons.Consensus, t.StopReason);
        Assert.Equal("7", t.Final.Answer);
    }

    [Fact]
    public async Task Samples_carry_distinct_indices_temperature_and_seed()
    {
        var gen = BySample("1", "2", "3", "4", "5");
        await new SelfConsistencyStrategy(new() { Samples = 5 }).RunAsync(Problem(), Context(gen));
        Assert.Equal([0, 1, 2, 3, 4], gen.Requests.Select(r => r.SampleIndex!.Value));
        Assert.All(gen.Requests, r => Assert.Equal(0.8f, r.Options!.Temperature));
        Assert.Equal([42L, 43, 44, 45, 46], gen.Requests.Select(r => r.Options!.Seed!.Value));
        Assert.All(gen.Requests, r => Assert.Equal([U(Question)], r.AsMessages));
    }

    [Fact]
    public async Task Committed_turns_are_the_first_sample_then_the_majority()
    {
        var gen = BySample("3", "5", "5");
        var t = await new SelfConsistencyStrategy(new() { Samples = 3, Adaptive = false }).RunAsync(Problem(), Context(gen));
        Assert.Equal(["3", "5"], CommittedAnswers(t));
        Assert.Equal(TurnRole.Select, t.Turns[^1].Role);
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Same(t.Turns[1].Attempt, t.Final);
    }

    [Fact]
    public async Task Ties_go_to_the_earliest_first_appearance_and_answerless_samples_do_not_vote()
    {
        var gen = new ScriptedChatClient(r => r.SampleIndex switch
        {
            0 => "I cannot tell.",
            1 => "Answer: c",
            2 => "Answer: d",
            3 => "Answer: D",
            _ => "Answer: C",
        });
        var t = await new SelfConsistencyStrategy(new() { Samples = 5, Adaptive = false }).RunAsync(Problem(), Context(gen));
        Assert.Same(t.Turns[1].Attempt, t.Final);
        Assert.Contains("Votes: c: 2, d: 2", t.Turns[^1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Min_samples_holds_back_an_early_stop()
    {
        var gen = BySample("7", "7", "7", "7", "7", "7", "7", "7", "7", "7");
        var t = await new SelfConsistencyStrategy(new() { MinSamples = 6 }).RunAsync(Problem(), Context(gen));
        Assert.Equal(6, gen.CallCount);
        Assert.Equal(StopReasons.Consensus, t.StopReason);
    }

    [Fact]
    public async Task Parallel_batches_keep_index_order_and_distinct_indices()
    {
        var gen = new ScriptedChatClient(r => $"Answer: {r.SampleIndex!.Value % 3}");
        var t = await new SelfConsistencyStrategy(new() { Samples = 8, Adaptive = false, Parallelism = 3 }).RunAsync(Problem(), Context(gen));
        Assert.Equal(Enumerable.Range(0, 8), gen.Requests.Select(r => r.SampleIndex!.Value).Order());
        Assert.Equal(Enumerable.Range(0, 8), t.Turns.Take(8).Select(x => x.Calls.Single().SampleIndex));
        Assert.Equal("0", t.Final.Answer); // 0: 3 votes (0, 3, 6), 1: 3 votes (1, 4, 7): tie to the earliest
    }

    [Fact]
    public async Task No_answers_keeps_sample_zero()
    {
        var gen = new ScriptedChatClient(r => $"nothing {r.SampleIndex}");
        var t = await new SelfConsistencyStrategy(new() { Samples = 3 }).RunAsync(Problem(), Context(gen));
        Assert.Equal("nothing 0", t.Final.Text);
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
    }

    [Fact]
    public void Bounds_are_validated()
    {
        Assert.Equal("Samples", Assert.Throws<ArgumentOutOfRangeException>(() => new SelfConsistencyStrategy(new() { Samples = 0 })).ParamName);
        Assert.Equal("Threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new SelfConsistencyStrategy(new() { Threshold = 0.4 })).ParamName);
        Assert.Equal("MinSamples", Assert.Throws<ArgumentOutOfRangeException>(() => new SelfConsistencyStrategy(new() { Samples = 3, MinSamples = 4 })).ParamName);
        Assert.Equal("Parallelism", Assert.Throws<ArgumentOutOfRangeException>(() => new SelfConsistencyStrategy(new() { Parallelism = 17 })).ParamName);
    }
}
