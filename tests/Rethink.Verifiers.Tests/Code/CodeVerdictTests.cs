using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;
using Rethink.Verifiers.Code;

namespace Rethink.Verifiers.Tests.Code;

/// <summary>How judged runs become verdicts, with a fake executor that scripts the judge's and the solution's ends.</summary>
public sealed class CodeVerdictTests
{
    private static readonly Problem HumanEval = new()
    {
        Id = "t/0",
        Messages = [Message.User("complete it")],
        Reference = new Reference { Kind = AnswerKind.Code, Tests = "def check(candidate):\n    assert candidate(1) == 2\n", EntryPoint = "inc" },
        Metadata = new Dictionary<string, string> { ["code_prompt"] = "def inc(x):\n    \"\"\"Add one.\"\"\"\n" },
    };

    private static ExecutionResult Result(ExecutionStatus status, int? exit, string stderr = "") =>
        new(status, exit, string.Empty, stderr, TimeSpan.FromMilliseconds(40));

    private static JudgedRunResult Judged(ExecutionStatus status, int? exit, string stderr = "", ExecutionResult? solution = null) =>
        new(Result(status, exit, stderr), solution ?? Result(ExecutionStatus.Ok, 0));

    private static Task<Verdict> Verify(FakeJudgedExecutor executor, string response = "    return x + 1\n") =>
        new CodeExecutionVerifier(executor).VerifyAsync(HumanEval, new Attempt(response, null, TokenUsage.Zero));

    [Fact]
    public async Task A_judge_exiting_zero_passes_and_the_solution_never_gets_the_tests()
    {
        var executor = new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Ok, 0));

        var verdict = await Verify(executor);

        Assert.Equal(CodeReasons.Passed, verdict.Reason);
        Assert.True(verdict.IsCorrect);
        var request = Assert.Single(executor.Requests);
        Assert.Equal(CodeLanguages.Python, request.Language);
        Assert.Equal(TimeSpan.FromSeconds(10), request.Timeout);

        // The tests and the prompt's code go to the judge alone; the solution's side holds the solution and the host.
        Assert.Equal(["solution.py"], request.Solution.Files!.Keys);
        Assert.Contains("return x + 1", request.Solution.Files["solution.py"], StringComparison.Ordinal);
        Assert.DoesNotContain("assert candidate", request.Solution.Source + request.Solution.Files["solution.py"], StringComparison.Ordinal);
        Assert.Equal(HumanEval.Reference.Tests, request.Judge.Files!["tests.py"]);
        Assert.Equal(HumanEval.Metadata["code_prompt"], request.Judge.Files["prompt.py"]);
        Assert.Equal("""{"entry":"inc","check":true}""", request.Judge.Files["judge.json"]);
    }

    [Fact]
    public async Task Mbpp_style_tests_run_as_they_are()
    {
        var executor = new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Ok, 0));
        var mbpp = HumanEval with { Reference = HumanEval.Reference with { Tests = "assert inc(1) == 2\n" }, Metadata = new Dictionary<string, string>() };

        await new CodeExecutionVerifier(executor).VerifyAsync(mbpp, new Attempt("def inc(x):\n    return x + 1\n", null, TokenUsage.Zero));

        var request = Assert.Single(executor.Requests);
        Assert.Equal("""{"entry":"inc","check":false}""", request.Judge.Files!["judge.json"]);
        Assert.False(request.Judge.Files.ContainsKey("prompt.py"));
    }

    [Fact]
    public async Task A_relay_fault_never_passes_even_with_a_judge_exiting_zero()
    {
        var verdict = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Ok, 0) with { RelayFault = JudgedRunResult.SolutionMessageTooLarge }));

        Assert.Equal(CodeReasons.ResourceExceeded, verdict.Reason);
        Assert.False(verdict.IsCorrect);
    }

    [Theory]
    [InlineData(ExecutionStatus.Timeout, null, CodeReasons.Timeout)]
    [InlineData(ExecutionStatus.ResourceExceeded, null, CodeReasons.ResourceExceeded)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.SyntaxErrorExit, CodeReasons.SyntaxError)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.FailedTestExit, CodeReasons.FailedTest)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.ExitDuringTestsExit, CodeReasons.TestsIncomplete)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.MemoryExit, CodeReasons.ResourceExceeded)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.ErrorExit, CodeReasons.Error)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.ProtocolExit, CodeReasons.Error)]
    [InlineData(ExecutionStatus.Error, 1, CodeReasons.Error)]
    [InlineData(ExecutionStatus.Error, null, CodeReasons.Error)]
    public async Task Failures_are_classified_by_status_and_judge_exit(ExecutionStatus status, int? exit, string reason)
    {
        var verdict = await Verify(new FakeJudgedExecutor(_ => Judged(status, exit, stderr: "Traceback: boom")));

        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(VerdictLabel.Incorrect, verdict.Label);
        Assert.Contains("Traceback: boom", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_early_end_of_the_solution_is_classified_by_how_it_ended()
    {
        var limited = Result(ExecutionStatus.ResourceExceeded, null) with { Detail = "memory", Signal = 9 };
        var killed = Result(ExecutionStatus.Error, null) with { Signal = 11 };
        var exited = Result(ExecutionStatus.Ok, 0);

        var byLimit = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.ExitDuringTestsExit, solution: limited)));
        var bySignal = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.ExitDuringTestsExit, solution: killed)));
        var byExit = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.ExitDuringTestsExit, solution: exited)));

        Assert.Equal(CodeReasons.ResourceExceeded, byLimit.Reason);
        Assert.Contains("memory", byLimit.Explanation, StringComparison.Ordinal);
        Assert.Equal(CodeReasons.Error, bySignal.Reason);
        Assert.Contains("signal 11", bySignal.Explanation, StringComparison.Ordinal);
        Assert.Equal(CodeReasons.TestsIncomplete, byExit.Reason);
    }

    [Fact]
    public async Task An_error_the_solution_raised_at_a_resource_limit_names_the_limit()
    {
        var limited = Result(ExecutionStatus.ResourceExceeded, 1) with { Detail = "processes" };

        var verdict = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.ErrorExit, solution: limited)));
        var plain = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.ErrorExit, solution: Result(ExecutionStatus.Error, 1))));

        Assert.Equal(CodeReasons.ResourceExceeded, verdict.Reason);
        Assert.Contains("processes", verdict.Explanation, StringComparison.Ordinal);
        Assert.Equal(CodeReasons.Error, plain.Reason);
    }

    [Fact]
    public async Task A_solution_that_floods_its_output_never_passes()
    {
        var flooding = Result(ExecutionStatus.Ok, 0) with { StderrTruncated = true };

        var verdict = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Ok, 0, solution: flooding)));

        Assert.Equal(CodeReasons.ResourceExceeded, verdict.Reason);
    }

    [Fact]
    public async Task A_solution_that_closed_its_output_and_was_stopped_is_incomplete()
    {
        var stopped = Result(ExecutionStatus.Error, null) with { Signal = 9, Detail = JudgedRunResult.StoppedAfterJudge };

        var verdict = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.ExitDuringTestsExit, solution: stopped)));

        Assert.Equal(CodeReasons.TestsIncomplete, verdict.Reason);
    }

    [Fact]
    public async Task Tests_that_do_not_compile_are_the_datasets_fault()
    {
        var verdict = await Verify(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, PythonTestHarness.BadTestsExit)));

        Assert.Equal(CodeReasons.NoTests, verdict.Reason);
        Assert.Equal(VerdictLabel.Unsure, verdict.Label);
    }

    [Fact]
    public async Task No_code_and_no_tests_never_reach_the_executor()
    {
        var executor = new FakeJudgedExecutor(_ => throw new InvalidOperationException("must not run"));

        var noCode = await Verify(executor, "  \n");
        var noTests = await new CodeExecutionVerifier(executor).VerifyAsync(
            HumanEval with { Reference = HumanEval.Reference with { Tests = null } },
            new Attempt("x = 1", null, TokenUsage.Zero));
        var badEntry = await new CodeExecutionVerifier(executor).VerifyAsync(
            HumanEval with { Reference = HumanEval.Reference with { EntryPoint = "a\"); import os #" } },
            new Attempt("x = 1", null, TokenUsage.Zero));

        Assert.Equal(CodeReasons.NoCode, noCode.Reason);
        Assert.Equal(CodeReasons.NoTests, noTests.Reason);
        Assert.Equal(CodeReasons.NoTests, badEntry.Reason);
        Assert.Empty(executor.Requests);
    }

    [Fact]
    public async Task The_quoted_error_output_keeps_its_tail_within_the_limit()
    {
        var solution = Result(ExecutionStatus.Ok, 0, stderr: "FROM-THE-SOLUTION");
        var executor = new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, 1, stderr: new string('a', 5000) + "LAST", solution));
        var verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { MaxQuotedOutput = 100 });

        var verdict = await verifier.VerifyAsync(HumanEval, new Attempt("    return 2\n", null, TokenUsage.Zero));
        var both = await new CodeExecutionVerifier(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Error, 1, stderr: "JUDGE", solution)))
            .VerifyAsync(HumanEval, new Attempt("    return 2\n", null, TokenUsage.Zero));

        Assert.EndsWith("LAST", verdict.Explanation, StringComparison.Ordinal);
        Assert.True(verdict.Explanation.Length < 200);
        Assert.EndsWith("FROM-THE-SOLUTION\nJUDGE", both.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verifier_reports_its_executors_isolation()
    {
        var verifier = new CodeExecutionVerifier(new FakeJudgedExecutor(_ => Judged(ExecutionStatus.Ok, 0), ExecutionIsolation.UnsafeLocal));

        Assert.Equal(ExecutionIsolation.UnsafeLocal, verifier.Isolation);
        Assert.Equal("execution", verifier.Name);
    }
}
