using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class IoeTests
{
    [Fact]
    public async Task Keeps_the_answer_when_the_model_maintains_it()
    {
        var gen = new ScriptedChatClient("Answer: 5", "I am confident.\nAnswer: 5");
        var t = await new IoeStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal([U(Question), A("Answer: 5"), U(IoeStrategy.DefaultConfidencePrompt)], gen.Requests[1].AsMessages);
        Assert.Equal(StopReasons.Confident, t.StopReason);
        Assert.Equal(2, gen.CallCount);
        Assert.Equal(["5", "5"], CommittedAnswers(t));
    }

    [Fact]
    public async Task Asks_a_third_time_when_the_answer_changed_and_takes_that()
    {
        var gen = new ScriptedChatClient("Answer: 6", "Updated.\nAnswer: 5", "Best.\nAnswer: 5");
        var t = await new IoeStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal(
            [U(Question), A("Answer: 6"), U(IoeStrategy.DefaultConfidencePrompt), A("Updated.\nAnswer: 5"), U(IoeStrategy.DefaultReconcilePrompt)],
            gen.Requests[2].AsMessages);
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(["6", "5", "5"], CommittedAnswers(t));
        Assert.Equal("Best.\nAnswer: 5", t.Final.Text);
    }

    [Fact]
    public async Task Answers_are_compared_canonically()
    {
        var gen = new ScriptedChatClient("Answer: Paris", "Answer:  PARIS ");
        var t = await new IoeStrategy().RunAsync(Problem("Capital of France?"), Context(gen));
        Assert.Equal(StopReasons.Confident, t.StopReason);
    }

    [Fact]
    public void Prompts_must_not_be_empty() =>
        Assert.Equal("ConfidencePrompt", Assert.Throws<ArgumentException>(() => new IoeStrategy(new() { ConfidencePrompt = "" })).ParamName);
}
