using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class VerifyRefineTests
{
    [Fact]
    public async Task Refines_with_the_explanation_until_the_verifier_passes()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Answer: 5");
        var verifier = FakeVerifier.Expecting("5");
        var t = await new VerifyRefineStrategy(new() { Feedback = VerifierFeedbackMode.Explanation }).RunAsync(Problem(), Context(gen, verifier));
        var feedback = VerifyRefineStrategy.DefaultRefinePrompt.Replace("{feedback}", "6 is not 5.", StringComparison.Ordinal);
        Assert.Equal([U(Question), A("Answer: 6"), U(feedback)], gen.Requests[1].AsMessages);
        Assert.Equal(StopReasons.VerifierPassed, t.StopReason);
        Assert.True(t.SawVerifier);
        Assert.Equal(["6", "5"], CommittedAnswers(t));
        Assert.Equal([TurnRole.Generate, TurnRole.Verify, TurnRole.Refine, TurnRole.Verify], t.Turns.Select(x => x.Role));
        Assert.Equal("fake.not_equal", t.Turns[1].Verdict!.Reason);
        Assert.Equal(2, verifier.CallCount);
    }

    [Fact]
    public async Task Correctness_only_mode_hides_the_explanation()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Answer: 7", "Answer: 8");
        var verifier = new FakeVerifier("leaky", (_, a) => Verdict.Incorrect("leaky.wrong", $"Expected 5 but got {a.Answer}."));
        var t = await new VerifyRefineStrategy(new() { MaxRounds = 2, Feedback = VerifierFeedbackMode.CorrectnessOnly }).RunAsync(Problem(), Context(gen, verifier));
        Assert.Equal(
            [U(Question), A("Answer: 6"), U(VerifyRefineStrategy.DefaultIncorrectPrompt), A("Answer: 7"), U(VerifyRefineStrategy.DefaultIncorrectPrompt)],
            gen.Requests[2].AsMessages);
        Assert.DoesNotContain(gen.Requests.SelectMany(r => r.Messages), m => m.Text.Contains("Expected 5", StringComparison.Ordinal));
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(3, verifier.CallCount);
        Assert.Equal(["6", "7", "8"], CommittedAnswers(t));
    }

    [Fact]
    public async Task By_default_a_leaky_explanation_never_reaches_the_model()
    {
        // Answer verifiers name the gold answer in their explanations; the default must not forward them.
        var gen = new ScriptedChatClient("Answer: 6", "Answer: 5");
        var verifier = new FakeVerifier("leaky", (_, a) => a.Answer == "5" ? Verdict.Correct("leaky.ok", "ok") : Verdict.Incorrect("leaky.wrong", "gold is 5"));
        var strategy = new VerifyRefineStrategy();
        await strategy.RunAsync(Problem(), Context(gen, verifier));
        Assert.Equal(VerifierFeedbackMode.CorrectnessOnly, strategy.Options.Feedback);
        Assert.Equal("correctness-only", strategy.Settings["feedback"]);
        Assert.DoesNotContain(gen.Requests.SelectMany(r => r.Messages), m => m.Text.Contains("gold is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_model_never_sees_the_reference_beyond_the_verdict()
    {
        var problem = Problem() with { Reference = new Reference { Kind = AnswerKind.Numeric, Answer = "5", Solution = "SECRET-SOLUTION" } };
        var gen = new ScriptedChatClient("Answer: 6", "Answer: 5");
        await new VerifyRefineStrategy().RunAsync(problem, Context(gen, FakeVerifier.Expecting("5")));
        Assert.DoesNotContain(gen.Requests.SelectMany(r => r.Messages), m => m.Text.Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsure_verdicts_count_as_failures()
    {
        var gen = new ScriptedChatClient("no answer", "Answer: 5");
        var verifier = FakeVerifier.Sequence(Verdict.Unsure("x.unparsed", "Could not read an answer."), Verdict.Correct("x.ok", "ok"));
        var t = await new VerifyRefineStrategy(new() { Feedback = VerifierFeedbackMode.Explanation }).RunAsync(Problem(), Context(gen, verifier));
        Assert.Equal(StopReasons.VerifierPassed, t.StopReason);
        Assert.Contains("Could not read an answer.", gen.Requests[1].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_verifier_it_fails_clearly_before_any_call()
    {
        var gen = new ScriptedChatClient("Answer: 5");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new VerifyRefineStrategy().RunAsync(Problem(), Context(gen)));
        Assert.Contains("FeedbackVerifier", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, gen.CallCount);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Equal("MaxRounds", Assert.Throws<ArgumentOutOfRangeException>(() => new VerifyRefineStrategy(new() { MaxRounds = 0 })).ParamName);
        Assert.Equal("RefinePrompt", Assert.Throws<ArgumentException>(() => new VerifyRefineStrategy(new() { RefinePrompt = "no placeholder" })).ParamName);
    }
}
