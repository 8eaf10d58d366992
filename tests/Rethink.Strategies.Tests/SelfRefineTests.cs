using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class SelfRefineTests
{
    private static string FeedbackPrompt(string answer) =>
        SelfRefineStrategy.DefaultFeedbackPrompt.Replace("{question}", Question, StringComparison.Ordinal).Replace("{answer}", answer, StringComparison.Ordinal);

    private static string RefinePrompt(string history) =>
        SelfRefineStrategy.DefaultRefinePrompt.Replace("{question}", Question, StringComparison.Ordinal).Replace("{history}", history, StringComparison.Ordinal);

    [Fact]
    public async Task Refine_prompt_carries_the_full_history_of_answers_and_feedback()
    {
        var gen = new ScriptedChatClient(
            "Answer: 6", "Wrong sum. Score: 2/10",
            "Answer: 4", "Still wrong. Score: 3/10",
            "Answer: 5", "Score: 10/10 NO FURTHER CHANGES NEEDED");
        var t = await new SelfRefineStrategy().RunAsync(Problem(), Context(gen));

        Assert.Equal([U(FeedbackPrompt("Answer: 6"))], gen.Requests[1].AsMessages);
        Assert.Equal("Critic", gen.Requests[1].ModelRole);
        Assert.Equal(
            [U(RefinePrompt("Attempt 1:\nAnswer: 6\n\nFeedback on attempt 1:\nWrong sum. Score: 2/10"))],
            gen.Requests[2].AsMessages);
        Assert.Equal([U(FeedbackPrompt("Answer: 4"))], gen.Requests[3].AsMessages);
        Assert.Equal(
            [U(RefinePrompt("Attempt 1:\nAnswer: 6\n\nFeedback on attempt 1:\nWrong sum. Score: 2/10\n\nAttempt 2:\nAnswer: 4\n\nFeedback on attempt 2:\nStill wrong. Score: 3/10"))],
            gen.Requests[4].AsMessages);

        Assert.Equal(StopReasons.StopPhrase, t.StopReason);
        Assert.Equal(["6", "4", "5"], CommittedAnswers(t));
        Assert.Equal(
            [TurnRole.Generate, TurnRole.Critique, TurnRole.Refine, TurnRole.Critique, TurnRole.Refine, TurnRole.Critique],
            t.Turns.Select(x => x.Role));
        Assert.Equal(2, t.Turns[1].Critique!.Score);
        Assert.Equal(VerdictLabel.Incorrect, t.Turns[1].Critique!.Label);
        Assert.Equal(VerdictLabel.Correct, t.Turns[5].Critique!.Label);
        Assert.Equal("5", t.Final.Answer);
    }

    [Fact]
    public async Task Last_only_history_shows_just_the_latest_pair()
    {
        var gen = new ScriptedChatClient("Answer: 6", "fb one", "Answer: 4", "fb two", "Answer: 5");
        var t = await new SelfRefineStrategy(new() { MaxRounds = 2, History = SelfRefineHistory.LastOnly }).RunAsync(Problem(), Context(gen));
        Assert.Equal([U(RefinePrompt("Attempt 2:\nAnswer: 4\n\nFeedback on attempt 2:\nfb two"))], gen.Requests[4].AsMessages);
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(["6", "4", "5"], CommittedAnswers(t));
    }

    [Fact]
    public async Task Score_threshold_stops()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Score: 4/10", "Answer: 5", "Looks fine. Score: 8.5/10");
        var t = await new SelfRefineStrategy(new() { ScoreThreshold = 8 }).RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.ScoreThreshold, t.StopReason);
        Assert.Equal(8.5, t.Turns[3].Critique!.Score);
        Assert.Equal(4, gen.CallCount);
    }

    [Fact]
    public async Task No_change_stops_and_can_be_switched_off()
    {
        var gen = new ScriptedChatClient("Answer: 5", "meh", "Rewritten.\nAnswer: 5");
        var t = await new SelfRefineStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.NoChange, t.StopReason);

        var gen2 = new ScriptedChatClient(r => r.LastUserText.StartsWith("You are reviewing", StringComparison.Ordinal) ? "meh" : "Answer: 5");
        var t2 = await new SelfRefineStrategy(new() { MaxRounds = 2, StopOnNoChange = false, StopPhrase = null }).RunAsync(Problem(), Context(gen2));
        Assert.Equal(StopReasons.MaxRounds, t2.StopReason);
        Assert.Equal(5, gen2.CallCount);
        Assert.Equal(VerdictLabel.Unsure, t2.Turns[1].Critique!.Label);
    }

    [Fact]
    public async Task Uses_the_context_critic_and_records_its_calls()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Answer: 5");
        var critic = new ScriptedCritic(
            new Critique("The sum is off by one.", VerdictLabel.Incorrect, CritiqueSource.Tool),
            new Critique("Correct now.", VerdictLabel.Correct, CritiqueSource.Tool)) { UsagePerCritique = new TokenUsage(3, 4) };
        var t = await new SelfRefineStrategy().RunAsync(Problem(), Context(gen, critic: critic));
        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        Assert.Equal(2, gen.CallCount);
        Assert.Equal(["Answer: 6", "Answer: 5"], critic.Seen.Select(a => a.Text));
        Assert.Contains("Feedback on attempt 1:\nThe sum is off by one.", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(6, 8), t.UsageOf(ModelRole.Critic));
        Assert.Equal(ModelRole.Critic, t.Turns[1].Calls.Single().Role);
    }

    [Fact]
    public async Task Model_output_containing_placeholders_is_not_expanded()
    {
        var gen = new ScriptedChatClient("Answer: {question} {history}", "fb {answer}", "Answer: 5", "NO FURTHER CHANGES NEEDED");
        await new SelfRefineStrategy().RunAsync(Problem(), Context(gen));
        Assert.Contains("Proposed answer:\nAnswer: {question} {history}\n", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Attempt 1:\nAnswer: {question} {history}\n\nFeedback on attempt 1:\nfb {answer}", gen.Requests[2].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Equal("MaxRounds", Assert.Throws<ArgumentOutOfRangeException>(() => new SelfRefineStrategy(new() { MaxRounds = 0 })).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelfRefineStrategy(new() { MaxRounds = 11 }));
        Assert.Equal("ScoreThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => new SelfRefineStrategy(new() { ScoreThreshold = double.NaN })).ParamName);
        Assert.Equal("RefinePrompt", Assert.Throws<ArgumentException>(() => new SelfRefineStrategy(new() { RefinePrompt = "{question} only" })).ParamName);
        Assert.Equal("FeedbackPrompt", Assert.Throws<ArgumentException>(() => new SelfRefineStrategy(new() { FeedbackPrompt = "{question}" })).ParamName);
        Assert.Equal("ScorePattern", Assert.Throws<ArgumentException>(() => new SelfRefineStrategy(new() { ScorePattern = "score: \\d+" })).ParamName);
        Assert.Equal("ScorePattern", Assert.Throws<ArgumentException>(() => new SelfRefineStrategy(new() { ScorePattern = "(" })).ParamName);
    }

    [Theory]
    [InlineData("Score: 7/10", 7.0)]
    [InlineData("score:3 then later SCORE : 9.5 / 10", 9.5)]
    [InlineData("no number here", null)]
    public void Parses_the_last_score(string feedback, double? expected) =>
        Assert.Equal(expected, new SelfRefineStrategy().ParseScore(feedback));
}
