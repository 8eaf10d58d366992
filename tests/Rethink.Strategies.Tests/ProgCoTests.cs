using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class ProgCoTests
{
    private const string Verifier1 = "```python\ndef verify(answer):\n    return answer - 3 == 2\n```";
    private const string Verifier2 = "[New Verification Code]\n```python\ndef verify(answer):\n    return answer - 2 == 3\n```";

    // Routes each ProgCo step by a phrase of its default prompt; the first answer comes from the queue.
    private static ScriptedChatClient Model(string first, IEnumerable<ScriptedReply> executions, params ScriptedReply[] answers)
    {
        var gen = new ScriptedChatClient(first);
        gen.WhenContains("expert in reverse-reasoning verification", Verifier1);
        gen.WhenContains("Act as a Python interpreter", executions);
        gen.WhenContains("failed its verification", "Feedback: the check 6 - 3 == 2 fails.");
        gen.WhenContains("[New Verification Code]", Verifier2);
        gen.WhenContains("Solution B:", "[Key Points to Note]\n1. Add, do not multiply.");
        gen.WhenContains("Your previous solution:", answers.Length == 0 ? ["[Reflection] fine\n[New Solution]\nAnswer: 6"] : answers);
        gen.WhenContains("Key points to note when solving", "Adding gives 5.\nAnswer: 5");
        return gen;
    }

    private static List<ScriptedRequest> Containing(ScriptedChatClient gen, string phrase) =>
        gen.Requests.Where(r => r.LastUserText.Contains(phrase, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_passing_verification_stops_after_three_calls()
    {
        var gen = Model("Answer: 5", ["Trace: 5 - 3 == 2 holds.\n[Verification Result] True"]);
        var t = await new ProgCoStrategy().RunAsync(Problem(), Context(gen));

        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        Assert.Equal(["5"], CommittedAnswers(t));
        Assert.Equal(3, gen.CallCount);
        Assert.Equal([TurnRole.Generate, TurnRole.Critique, TurnRole.Execute], t.Turns.Select(x => x.Role));
        Assert.Equal(VerdictLabel.Correct, t.Turns[2].Critique!.Label);
        Assert.Null(t.Turns[2].Execution);

        var program = gen.Requests[1];
        Assert.Equal("Critic", program.ModelRole);
        Assert.Contains("Question:\nWhat is 2 + 3?", program.LastUserText, StringComparison.Ordinal);
        Assert.Contains("Final answer: 5", program.LastUserText, StringComparison.Ordinal);
        Assert.Contains("def verify(answer):\n    return answer - 3 == 2", gen.Requests[2].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_verification_refines_answer_and_program_contrasts_and_verifies_again()
    {
        var gen = Model(
            "Answer: 6",
            ["[Verification Result] False", "[Verification Result] True"],
            "[Reflection] I multiplied.\n[New Solution]\n2 + 3 = 5\nAnswer: 5");
        var t = await new ProgCoStrategy().RunAsync(Problem(), Context(gen));

        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        Assert.Equal(["6", "5", "5"], CommittedAnswers(t));
        Assert.Equal("2 + 3 = 5\nAnswer: 5", t.CommittedAttempts[1].Text);
        Assert.Equal(
            [TurnRole.Generate, TurnRole.Critique, TurnRole.Execute, TurnRole.Critique, TurnRole.Refine, TurnRole.Critique, TurnRole.Critique, TurnRole.Refine, TurnRole.Execute],
            t.Turns.Select(x => x.Role));
        Assert.Equal([VerdictLabel.Incorrect, VerdictLabel.Correct], t.Turns.Where(x => x.Critique is not null).Select(x => x.Critique!.Label));
        Assert.All(t.Turns.Where(x => x.Critique is not null), x => Assert.Equal(TurnRole.Execute, x.Role));

        // The failed trace reaches the feedback turn, the feedback reaches both reflections.
        Assert.Contains("[Verification Result] False", Containing(gen, "failed its verification")[0].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Feedback: the check 6 - 3 == 2 fails.", Containing(gen, "Your previous solution:")[0].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Feedback: the check 6 - 3 == 2 fails.", Containing(gen, "[New Verification Code]")[0].LastUserText, StringComparison.Ordinal);

        // The contrast sees both solutions; the regeneration sees the key points; the second execution runs the refined program on the new answer.
        var contrast = Containing(gen, "Solution B:")[0].LastUserText;
        Assert.Contains("Solution A:\nAnswer: 6", contrast, StringComparison.Ordinal);
        Assert.Contains("Solution B:\n2 + 3 = 5\nAnswer: 5", contrast, StringComparison.Ordinal);
        Assert.Contains("1. Add, do not multiply.", Containing(gen, "Key points to note when solving")[0].LastUserText, StringComparison.Ordinal);
        var second = Containing(gen, "Act as a Python interpreter")[1].LastUserText;
        Assert.Contains("return answer - 2 == 3", second, StringComparison.Ordinal);
        Assert.Contains("Final answer: 5", second, StringComparison.Ordinal);
        Assert.Equal("Generator", Containing(gen, "Key points to note when solving")[0].ModelRole);
    }

    [Fact]
    public async Task No_contrast_when_the_answer_did_not_change_or_when_turned_off()
    {
        var gen = Model("Answer: 6", ["[Verification Result] False", "[Verification Result] True"]);
        var t = await new ProgCoStrategy().RunAsync(Problem(), Context(gen));
        Assert.Empty(Containing(gen, "Solution B:"));
        Assert.Equal(["6", "6"], CommittedAnswers(t));

        var off = Model("Answer: 6", ["[Verification Result] False", "[Verification Result] True"], "[New Solution]\nAnswer: 5");
        var t2 = await StrategyCatalog.Create("progco", new Dictionary<string, string> { ["contrast"] = "false" }).RunAsync(Problem(), Context(off));
        Assert.Empty(Containing(off, "Solution B:"));
        Assert.Equal(["6", "5"], CommittedAnswers(t2));
    }

    [Fact]
    public async Task Unparseable_executions_count_as_failures_up_to_the_round_bound()
    {
        var gen = Model("Answer: 6", ["I could not decide."]);
        var t = await new ProgCoStrategy(new ProgCoOptions { MaxRounds = 2 }).RunAsync(Problem(), Context(gen));

        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(3, Containing(gen, "Act as a Python interpreter").Count);
        Assert.Equal(2, Containing(gen, "Your previous solution:").Count);
        Assert.All(t.Turns.Where(x => x.Role == TurnRole.Execute), x => Assert.Equal(VerdictLabel.Unsure, x.Critique!.Label));
    }

    [Fact]
    public async Task Sandbox_execution_runs_the_program_on_the_answer_as_data()
    {
        var gen = Model("Answer: 5", ["unused"]);
        var exec = new ScriptedCodeExecutor(ScriptedCodeExecutor.Ok("[Verification Result] True\n"));
        var strategy = StrategyCatalog.Create("progco", new Dictionary<string, string> { ["execution"] = "sandbox", ["timeout_seconds"] = "4" });
        var t = await strategy.RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        Assert.Empty(Containing(gen, "Act as a Python interpreter"));
        var request = Assert.Single(exec.Requests);
        Assert.Equal(TimeSpan.FromSeconds(4), request.Timeout);
        Assert.StartsWith("def verify(answer):\n    return answer - 3 == 2\n", request.Source, StringComparison.Ordinal);
        Assert.Contains("_rethink_value = \"5\"", request.Source, StringComparison.Ordinal);
        var execute = t.Turns[2];
        Assert.Equal(TurnRole.Execute, execute.Role);
        Assert.NotNull(execute.Execution);
        Assert.Equal(CritiqueSource.Tool, execute.Critique!.Source);
    }

    [Fact]
    public async Task A_failing_sandbox_run_is_the_trace_the_feedback_turn_sees()
    {
        var gen = Model("Answer: 6", ["unused"]);
        var exec = new ScriptedCodeExecutor(
            ScriptedCodeExecutor.Error("NameError: name 'verfy' is not defined\n"),
            ScriptedCodeExecutor.Ok("[Verification Result] True\n"));
        var t = await new ProgCoStrategy(new ProgCoOptions { Execution = ProgCoExecution.Sandbox }).RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        var feedback = Containing(gen, "failed its verification")[0].LastUserText;
        Assert.Contains("Error (exit code 1)", feedback, StringComparison.Ordinal);
        Assert.Contains("NameError: name 'verfy' is not defined", feedback, StringComparison.Ordinal);
        Assert.Contains("return answer - 2 == 3", exec.Requests[1].Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_faked_pass_from_a_failed_run_does_not_count()
    {
        var gen = Model("Answer: 6", ["unused"]);
        var exec = new ScriptedCodeExecutor(ScriptedCodeExecutor.Error("boom", stdout: "[Verification Result] True\n"), ScriptedCodeExecutor.Ok("[Verification Result] True\n"));
        var t = await new ProgCoStrategy(new ProgCoOptions { Execution = ProgCoExecution.Sandbox }).RunAsync(Problem(), Context(gen, executor: exec));
        Assert.Equal(VerdictLabel.Incorrect, t.Turns[2].Critique!.Label);
        Assert.Equal(2, exec.CallCount);
    }

    [Fact]
    public async Task Model_execution_needs_no_executor_but_sandbox_execution_does()
    {
        var gen = Model("Answer: 5", ["[Verification Result] True"]);
        await new ProgCoStrategy().RunAsync(Problem(), Context(gen));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ProgCoStrategy(new ProgCoOptions { Execution = ProgCoExecution.Sandbox }).RunAsync(Problem(), Context(gen)));
        Assert.StartsWith("Strategy 'progco' needs code execution", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, gen.CallCount);
    }

    [Fact]
    public async Task A_budget_stop_keeps_the_first_answer()
    {
        var gen = new ScriptedChatClient(ScriptedReply.Of("Answer: 6").WithUsage(10, 10), ScriptedReply.Of(Verifier1).WithUsage(10, 10));
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new ProgCoStrategy().RunAsync(Problem(), Context(gen, maxTokens: 30)));
        Assert.Equal(StopReasons.Budget, e.Partial.StopReason);
        Assert.Equal(["6"], CommittedAnswers(e.Partial));
    }

    [Theory]
    [InlineData("steps...\n[Verification Result] True", VerdictLabel.Correct)]
    [InlineData("[verification result]: **false**", VerdictLabel.Incorrect)]
    [InlineData("[Verification Result] True\n...on reflection\n[Verification Result] False", VerdictLabel.Incorrect)]
    [InlineData("[Verification Result] maybe", VerdictLabel.Unsure)]
    [InlineData("it returns True", VerdictLabel.Unsure)]
    public void The_last_result_marker_decides(string trace, VerdictLabel expected) =>
        Assert.Equal(expected, ProgCoStrategy.ParseResult(trace));
}
