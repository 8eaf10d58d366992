using Rethink.Core;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class BaselineAndReaskTests
{
    [Fact]
    public async Task Direct_sends_the_problem_as_is_once()
    {
        var gen = new ScriptedChatClient("Answer: 5");
        var t = await new DirectStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal(StopReasons.SinglePass, t.StopReason);
        Assert.Equal([U(Question)], gen.Requests.Single().AsMessages);
        Assert.Equal(["5"], CommittedAnswers(t));
        Assert.Equal("Answer: 5", t.Final.Text);
        Assert.Equal("direct", t.Strategy);
        Assert.Equal("Generator", gen.Requests[0].ModelRole);
    }

    [Fact]
    public async Task Cot_appends_the_instruction_to_the_last_user_message()
    {
        var gen = new ScriptedChatClient("Answer: 5");
        var problem = Problem() with { Messages = [Message.System("sys"), U("Q1"), A("prev"), U(Question)] };
        var t = await new ChainOfThoughtStrategy().RunAsync(problem, Context(gen));
        Assert.Equal(
            [Message.System("sys"), U("Q1"), A("prev"), U(Question + "\n\n" + ChainOfThoughtStrategy.DefaultInstruction)],
            gen.Requests.Single().AsMessages);
        Assert.Equal(StopReasons.SinglePass, t.StopReason);

        var custom = new ChainOfThoughtStrategy(new ChainOfThoughtOptions { Instruction = "Think." });
        await custom.RunAsync(Problem(), Context(gen.Enqueue("Answer: 5")));
        Assert.Equal(Question + "\n\nThink.", gen.Requests[1].LastUserText);
        Assert.Equal("Think.", custom.Settings["instruction"]);
    }

    [Fact]
    public async Task Reask_asks_the_same_question_again_in_the_same_conversation()
    {
        var gen = new ScriptedChatClient("I think 6.\nAnswer: 6", "Let me redo it.\nAnswer: 5");
        var t = await new ReaskStrategy().RunAsync(Problem(), Context(gen));
        Assert.Equal(2, gen.CallCount);
        Assert.Equal([U(Question), A("I think 6.\nAnswer: 6"), U(Question)], gen.Requests[1].AsMessages);
        Assert.Equal(["6", "5"], CommittedAnswers(t));
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal([TurnRole.Generate, TurnRole.Refine], t.Turns.Select(x => x.Role));
    }

    [Fact]
    public async Task Reask_with_rounds_and_a_system_prompt()
    {
        var gen = new ScriptedChatClient("Answer: 1", "Answer: 2", "Answer: 3");
        var s = new ReaskStrategy(new ReaskOptions { Rounds = 2, SystemPrompt = "Be helpful." });
        var t = await s.RunAsync(Problem(), Context(gen));
        Assert.Equal(
            [Message.System("Be helpful."), U(Question), A("Answer: 1"), U(Question), A("Answer: 2"), U(Question)],
            gen.Requests[2].AsMessages);
        Assert.Equal(["1", "2", "3"], CommittedAnswers(t));
    }

    [Fact]
    public void Reask_bounds_are_validated()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReaskStrategy(new ReaskOptions { Rounds = 0 }));
        Assert.Equal("Rounds", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReaskStrategy(new ReaskOptions { Rounds = ReaskOptions.MaxRoundsLimit + 1 }));
        Assert.Throws<ArgumentException>(() => new ChainOfThoughtStrategy(new ChainOfThoughtOptions { Instruction = " " }));
    }
}
