using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class CriticTests
{
    private static string Program(string body) => $"Here is my program.\n```python\n{body}\n```";

    private static ExecutionResult Answer(string value) => ScriptedCodeExecutor.Ok($"{CriticStrategy.AnswerMarker}{value}\n");

    // Programs and critiques alternate: program 0, then per round critique i and program i.
    private static ScriptedChatClient Model(params string[] programBodies)
    {
        var replies = new List<ScriptedReply> { Program(programBodies[0]) };
        for (var i = 1; i < programBodies.Length; i++)
        {
            replies.Add($"Critique {i}: check the units.");
            replies.Add(Program(programBodies[i]));
        }

        return new ScriptedChatClient(replies);
    }

    [Fact]
    public async Task Committed_attempts_are_the_programs_answers_and_the_run_report_reaches_the_critique()
    {
        var gen = Model("answer = 2 * 3", "answer = 2 + 3", "answer = 3 + 2");
        var exec = new ScriptedCodeExecutor(Answer("6"), Answer("5"), Answer("5"));
        var t = await new CriticStrategy(new CriticOptions { MaxRounds = 2 }).RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal(["6", "5", "5"], CommittedAnswers(t));
        Assert.Equal("Answer: 5", t.Final.Text);
        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(
            [TurnRole.Generate, TurnRole.Execute, TurnRole.Critique, TurnRole.Refine, TurnRole.Execute, TurnRole.Critique, TurnRole.Refine, TurnRole.Execute],
            t.Turns.Select(x => x.Role));
        Assert.All(t.Turns.Where(x => x.Role == TurnRole.Execute), x => Assert.True(x.Committed && x.Execution is not null));
        Assert.Equal(3, exec.CallCount);
        Assert.All(t.Turns, x => Assert.Null(x.Critique));

        var critique = gen.Requests[1];
        Assert.Equal("Critic", critique.ModelRole);
        Assert.Contains("Question: What is 2 + 3?", critique.LastUserText, StringComparison.Ordinal);
        Assert.Contains("```python\nanswer = 2 * 3\n```", critique.LastUserText, StringComparison.Ordinal);
        Assert.Contains("Execution: Done", critique.LastUserText, StringComparison.Ordinal);
        Assert.Contains("Output: answer = 6", critique.LastUserText, StringComparison.Ordinal);
        Assert.DoesNotContain(CriticStrategy.AnswerMarker, critique.LastUserText, StringComparison.Ordinal);
        Assert.Contains("What's the problem with the above code?", critique.LastUserText, StringComparison.Ordinal);

        var rewrite = gen.Requests[2];
        Assert.Equal("Generator", rewrite.ModelRole);
        Assert.Equal("Critique 1: check the units.", rewrite.AsMessages[^2].Text);
        Assert.Equal(CriticStrategy.DefaultRevisePrompt, rewrite.LastUserText);
        Assert.Contains("Output: answer = 5", gen.Requests[3].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_program_runs_with_the_epilogue_and_the_configured_timeout()
    {
        var exec = new ScriptedCodeExecutor(Answer("5"));
        var strategy = StrategyCatalog.Create("critic", new Dictionary<string, string> { ["timeout_seconds"] = "3", ["max_rounds"] = "1" });
        await strategy.RunAsync(Problem(), Context(Model("answer = 5", "answer = 5"), executor: exec));

        var request = exec.Requests[0];
        Assert.Equal(CodeLanguages.Python, request.Language);
        Assert.Equal(TimeSpan.FromSeconds(3), request.Timeout);
        Assert.StartsWith("answer = 5\n", request.Source, StringComparison.Ordinal);
        Assert.Contains("_rethink_answer = answer", request.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_and_timeouts_are_reported_as_evidence_and_leave_the_previous_answer()
    {
        var gen = Model("answer = 5", "answer = 1 / 0", "while True: pass", "answer = 5.0");
        var exec = new ScriptedCodeExecutor(
            Answer("5"),
            ScriptedCodeExecutor.Error("Traceback (most recent call last):\n  File \"main.py\", line 1\nZeroDivisionError: division by zero\n"),
            ScriptedCodeExecutor.TimedOut(),
            Answer("5"));
        var t = await new CriticStrategy(new CriticOptions { StopAfterUnchanged = 0, MaxRounds = 3 }).RunAsync(Problem(), Context(gen, executor: exec));

        // Failed runs are not committed; the answer carried over them is the previous one.
        Assert.Equal(["5", "5"], CommittedAnswers(t));
        var executes = t.Turns.Where(x => x.Role == TurnRole.Execute).ToList();
        Assert.Equal([true, false, false, true], executes.Select(x => x.Committed));
        Assert.Equal(ExecutionStatus.Timeout, executes[2].Execution!.Status);

        // Each critique looks at the latest program that gave an answer, with that program's report.
        Assert.Contains("answer = 5\n", gen.Requests[3].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Execution: Done", gen.Requests[3].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Timed out after 10 s", executes[2].Output, StringComparison.Ordinal);
        Assert.Contains("ZeroDivisionError: division by zero", executes[1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_first_program_is_critiqued_with_its_traceback()
    {
        var gen = Model("answer = 1 / 0", "answer = 5");
        var exec = new ScriptedCodeExecutor(ScriptedCodeExecutor.Error("ZeroDivisionError: division by zero\n"), Answer("5"));
        var t = await new CriticStrategy(new CriticOptions { MaxRounds = 1 }).RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal([null, "5"], CommittedAnswers(t));
        Assert.Equal("No answer: the program did not produce one.", t.CommittedAttempts[0].Text);
        var critique = gen.Requests[1].LastUserText;
        Assert.Contains("Execution: Error (exit code 1)", critique, StringComparison.Ordinal);
        Assert.Contains("ZeroDivisionError: division by zero", critique, StringComparison.Ordinal);
        Assert.Contains("Output: answer = None", critique, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_no_tool_ablation_still_runs_the_programs_but_hides_their_output()
    {
        var gen = Model("answer = 1 / 0", "answer = 2 * 3", "answer = 5");
        var exec = new ScriptedCodeExecutor(ScriptedCodeExecutor.Error("ZeroDivisionError: division by zero\n"), Answer("6"), Answer("5"));
        var t = await StrategyCatalog.Create("critic-no-tool", new Dictionary<string, string> { ["max_rounds"] = "2" }).RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal("critic-no-tool", t.Strategy);
        Assert.Equal([null, "6", "5"], CommittedAnswers(t));
        Assert.Equal(3, exec.CallCount);
        foreach (var critique in new[] { gen.Requests[1], gen.Requests[3] })
        {
            Assert.Contains("```python", critique.LastUserText, StringComparison.Ordinal);
            Assert.DoesNotContain("Execution:", critique.LastUserText, StringComparison.Ordinal);
            Assert.DoesNotContain("ZeroDivisionError", critique.LastUserText, StringComparison.Ordinal);
            Assert.DoesNotContain("answer = 6", critique.LastUserText, StringComparison.Ordinal);
            Assert.DoesNotContain("Output:", critique.LastUserText, StringComparison.Ordinal);
        }

        Assert.All(gen.Requests, r => Assert.DoesNotContain("ZeroDivisionError", string.Concat(r.Messages.Select(m => m.Text)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stops_when_the_answer_came_out_unchanged_twice_in_a_row()
    {
        var gen = Model("answer = 6", "answer = 5", "answer = 4 + 1", "answer = 10 / 2", "answer = 7");
        var exec = new ScriptedCodeExecutor(Answer("6"), Answer("5"), Answer("5"), Answer("5"), Answer("7"));
        var t = await new CriticStrategy().RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal(StopReasons.NoChange, t.StopReason);
        Assert.Equal(["6", "5", "5", "5"], CommittedAnswers(t));
        Assert.Equal(7, gen.CallCount);
    }

    [Fact]
    public async Task An_unchanged_program_is_not_run_again_and_keeps_its_result()
    {
        var gen = Model("answer = 5", "answer = 5  ", "answer = 5");
        var exec = new ScriptedCodeExecutor(Answer("5"));
        var t = await new CriticStrategy().RunAsync(Problem(), Context(gen, executor: exec));

        Assert.Equal(1, exec.CallCount);
        Assert.Equal(StopReasons.NoChange, t.StopReason);
        Assert.Equal(["5", "5", "5"], CommittedAnswers(t));
        var reused = t.Turns.Where(x => x.Role == TurnRole.Execute).Skip(1).ToList();
        Assert.All(reused, x => Assert.Null(x.Execution));
        Assert.All(reused, x => Assert.StartsWith("The program is unchanged", x.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_code_executor_it_fails_before_any_call_with_a_clear_message()
    {
        var gen = Model("answer = 5");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new CriticStrategy().RunAsync(Problem(), Context(gen)));
        Assert.StartsWith("Strategy 'critic' needs code execution", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, gen.CallCount);
        var noTool = await Assert.ThrowsAsync<InvalidOperationException>(() => StrategyCatalog.Create("critic-no-tool").RunAsync(Problem(), Context(gen)));
        Assert.StartsWith("Strategy 'critic-no-tool' needs code execution", noTool.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_stop_keeps_the_committed_first_answer()
    {
        var gen = new ScriptedChatClient(ScriptedReply.Of(Program("answer = 6")).WithUsage(10, 10), ScriptedReply.Of("Looks wrong.").WithUsage(10, 10));
        var exec = new ScriptedCodeExecutor(Answer("6"));
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => new CriticStrategy().RunAsync(Problem(), Context(gen, maxTokens: 30, executor: exec)));
        Assert.Equal(StopReasons.Budget, e.Partial.StopReason);
        Assert.Equal(["6"], CommittedAnswers(e.Partial));
        Assert.Equal(TurnRole.Critique, e.Partial.Turns[^1].Role);
    }

    [Fact]
    public async Task Cancellation_during_a_run_stops_with_cancelled_and_keeps_the_program_turn()
    {
        using var cts = new CancellationTokenSource();
        var exec = new ScriptedCodeExecutor(Answer("5")) { HangOnRequest = 0 };
        var run = new CriticStrategy().RunAsync(Problem(), Context(Model("answer = 5"), executor: exec), cts.Token);
        while (exec.CallCount == 0)
        {
            await Task.Delay(5);
        }

        await cts.CancelAsync();
        var e = await Assert.ThrowsAsync<StrategyStoppedException>(() => run);
        Assert.Equal(StopReasons.Cancelled, e.Partial.StopReason);
        Assert.Equal(TurnRole.Generate, Assert.Single(e.Partial.Turns).Role);
    }

    [Theory]
    [InlineData("5\n@@rethink-answer@@ 42\n", ExecutionStatus.Ok, "42")]
    [InlineData("intermediate\n17\n\n", ExecutionStatus.Ok, "17")]
    [InlineData("@@rethink-answer@@ \n", ExecutionStatus.Ok, null)]
    [InlineData("", ExecutionStatus.Ok, null)]
    [InlineData("@@rethink-answer@@ 42\n", ExecutionStatus.Error, null)]
    [InlineData("@@rethink-answer@@ 42\n", ExecutionStatus.Timeout, null)]
    public void The_answer_of_a_run_is_the_marked_line_else_the_last_printed_line(string stdout, ExecutionStatus status, string? expected) =>
        Assert.Equal(expected, CriticStrategy.AnswerOf(new ExecutionResult(status, status == ExecutionStatus.Ok ? 0 : 1, stdout, string.Empty, TimeSpan.Zero)));

    [Fact]
    public void Bad_options_name_the_setting()
    {
        Assert.Contains("max_rounds", Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("critic", new Dictionary<string, string> { ["max_rounds"] = "0" })).Message, StringComparison.Ordinal);
        Assert.Contains("timeout_seconds", Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("critic", new Dictionary<string, string> { ["timeout_seconds"] = "301" })).Message, StringComparison.Ordinal);
        Assert.Contains("{evidence}", Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("critic", new Dictionary<string, string> { ["critique_prompt"] = "{question} {code}" })).Message, StringComparison.Ordinal);
    }
}
