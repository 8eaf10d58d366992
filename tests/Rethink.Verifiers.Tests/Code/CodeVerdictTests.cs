using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;
using Rethink.Verifiers.Code;

namespace Rethink.Verifiers.Tests.Code;

/// <summary>How execution results become verdicts, with a fake executor that echoes (or withholds) the run's nonce.</summary>
public sealed class CodeVerdictTests
{
    private static readonly Problem HumanEval = new()
    {
        Id = "t/0",
        Messages = [Message.User("complete it")],
        Reference = new Reference { Kind = AnswerKind.Code, Tests = "def check(candidate):\n    assert candidate(1) == 2\n", EntryPoint = "inc" },
        Metadata = new Dictionary<string, string> { ["code_prompt"] = "def inc(x):\n    \"\"\"Add one.\"\"\"\n" },
    };

    private static ExecutionResult Result(ExecutionStatus status, int? exit, string stdout = "", string stderr = "") =>
        new(status, exit, stdout, stderr, TimeSpan.FromMilliseconds(40));

    private static string Nonce(ExecutionRequest request) => request.Stdin!.Trim();

    private static Task<Verdict> Verify(FakeCodeExecutor executor, string response = "    return x + 1\n") =>
        new CodeExecutionVerifier(executor).VerifyAsync(HumanEval, new Attempt(response, null, TokenUsage.Zero));

    [Fact]
    public async Task Exit_zero_with_this_runs_pass_line_passes()
    {
        var executor = new FakeCodeExecutor(r => Result(ExecutionStatus.Ok, 0, "noise\n" + PythonTestHarness.PassLine(Nonce(r)) + "\n"));

        var verdict = await Verify(executor);

        Assert.Equal(CodeReasons.Passed, verdict.Reason);
        Assert.True(verdict.IsCorrect);
        var request = Assert.Single(executor.Requests);
        Assert.Equal(CodeLanguages.Python, request.Language);
        Assert.Matches("^[0-9a-f]{32}\n$", request.Stdin);
        Assert.DoesNotContain(Nonce(request), request.Source, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), request.Timeout);
    }

    [Fact]
    public async Task Every_run_gets_a_different_nonce()
    {
        var executor = new FakeCodeExecutor(r => Result(ExecutionStatus.Ok, 0));

        await Verify(executor);
        await Verify(executor);

        Assert.NotEqual(executor.Requests[0].Stdin, executor.Requests[1].Stdin);
    }

    [Fact]
    public async Task Exit_zero_without_the_pass_line_is_incomplete()
    {
        var verdict = await Verify(new FakeCodeExecutor(_ => Result(ExecutionStatus.Ok, 0, "all tests passed\n")));

        Assert.Equal(CodeReasons.TestsIncomplete, verdict.Reason);
        Assert.False(verdict.IsCorrect);
    }

    [Fact]
    public async Task A_pass_line_with_another_nonce_is_incomplete()
    {
        var forged = PythonTestHarness.PassLine(new string('0', 32));

        var verdict = await Verify(new FakeCodeExecutor(_ => Result(ExecutionStatus.Ok, 0, forged + "\n")));

        Assert.Equal(CodeReasons.TestsIncomplete, verdict.Reason);
    }

    [Fact]
    public async Task The_pass_line_with_a_non_zero_exit_does_not_pass()
    {
        var verdict = await Verify(new FakeCodeExecutor(r => Result(ExecutionStatus.Error, 1, PythonTestHarness.PassLine(Nonce(r)) + "\n")));

        Assert.Equal(CodeReasons.Error, verdict.Reason);
    }

    [Fact]
    public async Task The_pass_line_must_be_a_whole_line()
    {
        var verdict = await Verify(new FakeCodeExecutor(r => Result(ExecutionStatus.Ok, 0, "x" + PythonTestHarness.PassLine(Nonce(r)) + "\n")));

        Assert.Equal(CodeReasons.TestsIncomplete, verdict.Reason);
    }

    [Theory]
    [InlineData(ExecutionStatus.Timeout, null, CodeReasons.Timeout)]
    [InlineData(ExecutionStatus.ResourceExceeded, null, CodeReasons.ResourceExceeded)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.SyntaxErrorExit, CodeReasons.SyntaxError)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.FailedTestExit, CodeReasons.FailedTest)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.ExitDuringTestsExit, CodeReasons.TestsIncomplete)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.MemoryExit, CodeReasons.ResourceExceeded)]
    [InlineData(ExecutionStatus.Error, PythonTestHarness.ErrorExit, CodeReasons.Error)]
    [InlineData(ExecutionStatus.Error, 1, CodeReasons.Error)]
    [InlineData(ExecutionStatus.Error, null, CodeReasons.Error)]
    public async Task Failures_are_classified_by_status_and_harness_exit(ExecutionStatus status, int? exit, string reason)
    {
        var verdict = await Verify(new FakeCodeExecutor(_ => Result(status, exit, stderr: "Traceback: boom")));

        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(VerdictLabel.Incorrect, verdict.Label);
        Assert.Contains("Traceback: boom", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_output_without_the_pass_line_is_resource_exceeded()
    {
        var verdict = await Verify(new FakeCodeExecutor(_ => Result(ExecutionStatus.Ok, 0, "x") with { StdoutTruncated = true }));

        Assert.Equal(CodeReasons.ResourceExceeded, verdict.Reason);
    }

    [Fact]
    public async Task Tests_that_do_not_compile_are_the_datasets_fault()
    {
        var verdict = await Verify(new FakeCodeExecutor(_ => Result(ExecutionStatus.Error, PythonTestHarness.BadTestsExit)));

        Assert.Equal(CodeReasons.NoTests, verdict.Reason);
        Assert.Equal(VerdictLabel.Unsure, verdict.Label);
    }

    [Fact]
    public async Task No_code_and_no_tests_never_reach_the_executor()
    {
        var executor = new FakeCodeExecutor(_ => throw new InvalidOperationException("must not run"));

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
        var executor = new FakeCodeExecutor(_ => Result(ExecutionStatus.Error, 1, stderr: new string('a', 5000) + "LAST"));
        var verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { MaxQuotedOutput = 100 });

        var verdict = await verifier.VerifyAsync(HumanEval, new Attempt("    return 2\n", null, TokenUsage.Zero));

        Assert.EndsWith("LAST", verdict.Explanation, StringComparison.Ordinal);
        Assert.True(verdict.Explanation.Length < 200);
    }

    [Fact]
    public void The_verifier_reports_its_executors_isolation()
    {
        var verifier = new CodeExecutionVerifier(new FakeCodeExecutor(_ => Result(ExecutionStatus.Ok, 0), ExecutionIsolation.UnsafeLocal));

        Assert.Equal(ExecutionIsolation.UnsafeLocal, verifier.Isolation);
        Assert.Equal("execution", verifier.Name);
    }
}
