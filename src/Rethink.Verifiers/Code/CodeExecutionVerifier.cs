using System.Globalization;
using System.Text.RegularExpressions;
using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Verifiers.Code;

/// <summary>
/// Scores code answers by running the problem's tests on them as a judged run (<see cref="IJudgedExecutor"/>, normally
/// the sandbox), never in this process. Reads <see cref="Reference.Tests"/>, <see cref="Reference.EntryPoint"/> and the
/// dataset's code prompt (metadata key <c>code_prompt</c>, HumanEval's <c>prompt</c>). The solution is the code of the
/// attempt's text (see <see cref="CodeExtraction"/>) after the prompt; tests that define <c>check</c> are
/// HumanEval-style and the judge calls <c>check(entry_point)</c>; other tests (MBPP asserts) run as they are.
/// Thread-safe: every call builds its own run; the executor bounds parallelism.
/// </summary>
/// <remarks>
/// A pass needs the judge, a process apart from the solution's that alone holds the tests, to exit with status 0 after
/// the last test returned; see <see cref="PythonTestHarness"/> for what that rules out and what it cannot. Reasons are
/// the <see cref="CodeReasons"/> ids; a failing verdict's explanation quotes the tail of the error output of both
/// processes (which contains text the hidden tests printed: a strategy handed this verifier as feedback sees it, and is
/// oracle-assisted).
/// </remarks>
public sealed partial class CodeExecutionVerifier : IVerifier
{
    /// <summary>The metadata key holding the dataset's code prompt.</summary>
    public const string CodePromptKey = "code_prompt";

    private readonly IJudgedExecutor _executor;

    /// <summary>Creates the verifier over <paramref name="executor"/>.</summary>
    public CodeExecutionVerifier(IJudgedExecutor executor, CodeExecutionVerifierOptions? options = null)
    {
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        Options = options ?? new CodeExecutionVerifierOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(Options.MaxQuotedOutput, nameof(options));
    }

    /// <inheritdoc />
    public string Name => "execution";

    /// <summary>The settings.</summary>
    public CodeExecutionVerifierOptions Options { get; }

    /// <summary>The executor's isolation level (<see cref="ExecutionIsolation"/>), for run records and reports.</summary>
    public string Isolation => _executor.Isolation;

    /// <inheritdoc />
    public async Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        var reference = problem.Reference;
        if (string.IsNullOrWhiteSpace(reference.Tests))
        {
            return Verdict.Unsure(CodeReasons.NoTests, "The problem has no tests to run.");
        }

        var entryPoint = reference.EntryPoint;
        if (entryPoint is not null && !Identifier().IsMatch(entryPoint))
        {
            return Verdict.Unsure(CodeReasons.NoTests, $"The entry point '{entryPoint}' is not a Python identifier.");
        }

        var text = attempt.Text.Length > 0 ? attempt.Text : attempt.Answer ?? string.Empty;
        var code = CodeExtraction.Extract(text, entryPoint);
        if (code is null)
        {
            return Verdict.Incorrect(CodeReasons.NoCode, "The response holds no code.");
        }

        problem.Metadata.TryGetValue(CodePromptKey, out var prompt);
        var solution = CodeExtraction.BuildSolution(code, prompt, entryPoint);
        var humanEvalStyle = entryPoint is not null && DefinesCheck().IsMatch(reference.Tests);
        var request = PythonTestHarness.Build(solution, reference.Tests, entryPoint, humanEvalStyle, prompt, Options.Timeout);
        var result = await _executor.ExecuteJudgedAsync(request, cancellationToken).ConfigureAwait(false);
        return Classify(result);
    }

    /// <summary>The verdict for one judged run.</summary>
    internal Verdict Classify(JudgedRunResult result)
    {
        var judge = result.Judge;
        var seconds = judge.Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (judge.Status == ExecutionStatus.Timeout)
        {
            return Verdict.Incorrect(CodeReasons.Timeout, $"Killed after {seconds} s: the wall-clock limit of {Options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s passed.{Tail(result)}");
        }

        if (result.RelayFault is { } fault)
        {
            return Verdict.Incorrect(CodeReasons.ResourceExceeded, fault == JudgedRunResult.SolutionMessageTooLarge
                ? "A reply of the solution passed the size cap of one message, so the tests could not go on." + Tail(result)
                : "A call of the tests passed the size cap of one message." + Tail(result));
        }

        if (result.Solution.StderrTruncated)
        {
            return Verdict.Incorrect(CodeReasons.ResourceExceeded, "The solution wrote more output than the capture cap allows." + Tail(result));
        }

        if (judge.Status == ExecutionStatus.Ok && judge.ExitCode == PythonTestHarness.PassedExit)
        {
            return Verdict.Correct(CodeReasons.Passed, $"Every test ran to the end and passed ({seconds} s, {result.Isolation}).");
        }

        if (judge.Status == ExecutionStatus.ResourceExceeded)
        {
            return Verdict.Incorrect(CodeReasons.ResourceExceeded, $"The tests were stopped by a resource limit ({judge.Detail ?? "unspecified"}).{Tail(result)}");
        }

        var (reason, explanation) = judge.ExitCode switch
        {
            PythonTestHarness.SyntaxErrorExit => (CodeReasons.SyntaxError, "The solution does not compile."),
            PythonTestHarness.BadTestsExit => (CodeReasons.NoTests, "The problem's tests (or its prompt's code) do not compile or run."),
            PythonTestHarness.ExitDuringTestsExit => SolutionEnded(result.Solution),
            PythonTestHarness.FailedTestExit => (CodeReasons.FailedTest, "A test failed."),
            PythonTestHarness.MemoryExit => (CodeReasons.ResourceExceeded, "The program ran out of memory (MemoryError under the memory limit)."),
            PythonTestHarness.ProtocolExit => (CodeReasons.Error, "The solution's process sent a line that is not a reply (it wrote to the judge's channel itself)."),
            PythonTestHarness.ErrorExit => SolutionLimit(result.Solution) ?? (CodeReasons.Error, "The program raised an exception."),
            null => (CodeReasons.Error, $"The judge was killed by signal {judge.Signal?.ToString(CultureInfo.InvariantCulture) ?? "?"}."),
            var exit => (CodeReasons.Error, $"The judge exited with status {exit.Value.ToString(CultureInfo.InvariantCulture)}."),
        };
        return reason == CodeReasons.NoTests
            ? Verdict.Unsure(reason, explanation + Tail(result))
            : Verdict.Incorrect(reason, explanation + Tail(result));
    }

    // The judge saw the solution's output end before the tests did; how the solution's process ended says why.
    private static (string Reason, string Explanation) SolutionEnded(ExecutionResult solution) => solution switch
    {
        { Detail: JudgedRunResult.StoppedAfterJudge } => (CodeReasons.TestsIncomplete, "The solution closed its output before the tests finished."),
        { Status: ExecutionStatus.ResourceExceeded } => SolutionLimit(solution)!.Value,
        { Signal: int signal } => (CodeReasons.Error, $"The solution's process was killed by signal {signal.ToString(CultureInfo.InvariantCulture)} before the tests finished."),
        _ => (CodeReasons.TestsIncomplete, "The solution's process ended (sys.exit, os._exit or closed output) before the tests finished."),
    };

    // A failure of the solution that a resource limit caused (the executor read it from the exit or the traceback).
    private static (string Reason, string Explanation)? SolutionLimit(ExecutionResult solution) =>
        solution.Status == ExecutionStatus.ResourceExceeded
            ? (CodeReasons.ResourceExceeded, $"The solution was stopped by a resource limit ({solution.Detail ?? "unspecified"}).")
            : null;

    private string Tail(JudgedRunResult result)
    {
        var error = string.Join('\n', new[] { result.Solution.Stderr, result.Judge.Stderr }.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.TrimEnd()));
        if (error.Length == 0 || Options.MaxQuotedOutput == 0)
        {
            return string.Empty;
        }

        var tail = error.Length <= Options.MaxQuotedOutput ? error : "..." + error[^Options.MaxQuotedOutput..];
        return "\n" + tail;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^def\s+check\s*\(", RegexOptions.Multiline)]
    private static partial Regex DefinesCheck();
}
