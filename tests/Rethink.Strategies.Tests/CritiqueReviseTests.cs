using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class CritiqueReviseTests
{
    private const string Crit = CritiqueReviseStrategy.DefaultCritiquePrompt;
    private const string Rev = CritiqueReviseStrategy.DefaultRevisePrompt;

    [Fact]
    public async Task One_round_sends_the_exact_conversation_and_commits_both_answers()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Step 2 adds wrong.\nVERDICT: PROBLEMS FOUND", "Fixed.\nAnswer: 5");
        var t = await new CritiqueReviseStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal([U(Question), A("Answer: 6"), U(Crit)], gen.Requests[1].AsMessages);
        Assert.Equal("Critic", gen.Requests[1].ModelRole);
        Assert.Equal(
            [U(Question), A("Answer: 6"), U(Crit), A("Step 2 adds wrong.\nVERDICT: PROBLEMS FOUND"), U(Rev)],
            gen.Requests[2].AsMessages);
        Assert.Equal(["6", "5"], CommittedAnswers(t));
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        var critique = t.Turns[1].Critique!;
        Assert.Equal(VerdictLabel.Incorrect, critique.Label);
        Assert.Equal(CritiqueSource.Self, critique.Source);
        Assert.Equal(ModelRole.Critic, t.Turns[1].Calls[0].Role);
    }

    [Fact]
    public async Task Stops_when_the_critique_finds_no_problems()
    {
        var gen = new ScriptedChatClient("Answer: 5", "All steps check out.\nverdict: no problems");
        var t = await new CritiqueReviseStrategy(new() { MaxRounds = 3 }).RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        Assert.Equal(2, gen.CallCount);
        Assert.Equal(["5"], CommittedAnswers(t));
        Assert.Equal(VerdictLabel.Correct, t.Turns[1].Critique!.Label);
    }

    [Fact]
    public async Task Stops_when_the_revision_does_not_change_the_answer()
    {
        var gen = new ScriptedChatClient("Answer: 5", "Hmm.\nVERDICT: PROBLEMS FOUND", "Same.\nAnswer: 5");
        var t = await new CritiqueReviseStrategy(new() { MaxRounds = 3 }).RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.NoChange, t.StopReason);
        Assert.Equal(3, gen.CallCount);
    }

    [Fact]
    public async Task Runs_every_round_when_the_early_stops_are_off()
    {
        var gen = new ScriptedChatClient("Answer: 5", "VERDICT: NO PROBLEMS", "Answer: 5", "VERDICT: NO PROBLEMS", "Answer: 5");
        var s = new CritiqueReviseStrategy(new() { MaxRounds = 2, StopOnNoChange = false, StopWhenNoProblems = false });
        var t = await s.RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(5, gen.CallCount);
        Assert.Equal(9, gen.Requests[4].Messages.Count);
        Assert.Equal(3, t.CommittedAttempts.Count);
    }

    [Theory]
    [InlineData("There are no problems with step 1, but step 2 is wrong.", VerdictLabel.Unsure)]
    [InlineData("VERDICT: NO PROBLEMS", VerdictLabel.Correct)]
    [InlineData("I first thought VERDICT: NO PROBLEMS but then\nVERDICT: PROBLEMS FOUND", VerdictLabel.Incorrect)]
    [InlineData("VERDICT: PROBLEMS FOUND ... on reflection VERDICT: No Problems", VerdictLabel.Correct)]
    public void Parses_the_last_marker_only(string critique, VerdictLabel expected) =>
        Assert.Equal(expected, new CritiqueReviseStrategy().ParseCritique(critique));

    [Fact]
    public async Task Uses_the_critic_model_when_configured()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Answer: 5");
        var critic = new ScriptedChatClient("VERDICT: PROBLEMS FOUND");
        var t = await new CritiqueReviseStrategy().RunAsync(Problem(), Context(gen, criticModel: critic));
        Assert.Equal(1, critic.CallCount);
        Assert.Equal(CritiqueSource.OtherModel, t.Turns[1].Critique!.Source);
        Assert.Equal(["6", "5"], CommittedAnswers(t));
    }

    [Fact]
    public void Bounds_are_validated()
    {
        Assert.Equal("MaxRounds", Assert.Throws<ArgumentOutOfRangeException>(() => new CritiqueReviseStrategy(new() { MaxRounds = 0 })).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CritiqueReviseStrategy(new() { MaxRounds = 11 }));
        Assert.Equal("RevisePrompt", Assert.Throws<ArgumentException>(() => new CritiqueReviseStrategy(new() { RevisePrompt = "" })).ParamName);
    }
}
