using System.Globalization;
using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Verifiers.Code;

/// <summary>
/// Scores code answers by running the problem's tests on them through an <see cref="ICodeExecutor"/> (normally the
/// sandbox), never in this process. Reads <see cref="Reference.Tests"/>, <see cref="Reference.EntryPoint"/> and the
/// dataset's code prompt (metadata key <c>code_prompt</c>, HumanEval's <c>prompt</c>). The solution is the code of the
/// attempt's text (see <see cref="CodeExtraction"/>) after the prompt; tests that define <c>check</c> are
/// HumanEval-style and the harness calls <c>check(entry_point)</c>; other tests (MBPP asserts) run as they are.
/// Thread-safe: every call builds its own program and nonce; the executor bounds parallelism.
/// </summary>
/// <remarks>
/// A pass needs exit status 0 AND the run's secret pass line, which the harness prints only after the last test
/// returned; see <see cref="PythonTestHarness"/> for what that defends against and what it cannot. Reasons are the
/// <see cref="CodeReasons"/> ids; a failing verdict's explanation quotes the tail of the program's error output
/// (which contains text the hidden tests printed: a strategy handed this verifier as feedback sees it, and is oracle-assisted).
/// </remarks>
public sealed class CodeExecutionVerifier : IVerifier
{
    /// <summary>The metadata key holding the dataset's code prompt.</summary>
    public const string CodePromptKey = "code_prompt";

    private readonly ICodeExecutor _executor;

    /// <summary>Creates the verifier over <paramref name="executor"/>.</summary>
    public CodeExecutionVerifier(ICodeExecutor executor, CodeExecutionVerifierOptions? options = null)
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
        if (entryPoint is not null && !System.Text.RegularExpressions.Regex.IsMatch(entryPoint, "^[A-Za-z_][A-Za-z0-9_]*$"))
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
        var humanEvalStyle = entryPoint is not null
            && System.Text.RegularExpressions.Regex.IsMatch(reference.Tests, @"^def\s+check\s*\(", System.Text.RegularExpressions.RegexOptions.Multiline);
        var nonce = PythonTestHarness.NewNonce();
        var request = new ExecutionRequest(CodeLanguages.Python, PythonTestHarness.Build(solution, reference.Tests, humanEvalStyle ? entryPoint : null))
        {
            Stdin = nonce + "\n",
            Timeout = Options.Timeout,
        };
        var result = await _executor.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        return Classify(result, nonce);
    }

    /// <summary>The verdict for one run of the harness that was given <paramref name="nonce"/>.</summary>
    internal Verdict Classify(ExecutionResult result, string nonce)
    {
        var seconds = result.Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var passLine = PythonTestHarness.PassLine(nonce);
        var sawPassLine = result.Stdout.Split('\n').Any(l => string.Equals(l.TrimEnd('\r'), passLine, StringComparison.Ordinal));
        switch (result.Status)
        {
            case ExecutionStatus.Timeout:
                return Verdict.Incorrect(CodeReasons.Timeout, $"Killed after {seconds} s: the wall-clock limit of {Options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s passed.{Tail(result)}");
            case ExecutionStatus.ResourceExceeded:
                return Verdict.Incorrect(CodeReasons.ResourceExceeded, $"Stopped by a resource limit ({result.Detail ?? "unspecified"}).{Tail(result)}");
            case ExecutionStatus.Ok when result.ExitCode == 0 && sawPassLine:
                return Verdict.Correct(CodeReasons.Passed, $"Every test ran to the end and passed ({seconds} s, {result.Isolation}).");
            case ExecutionStatus.Ok when result.StdoutTruncated:
                return Verdict.Incorrect(CodeReasons.ResourceExceeded, "The output passed the capture cap, so the end of the tests was never seen.");
            case ExecutionStatus.Ok:
                return Verdict.Incorrect(
                    CodeReasons.TestsIncomplete,
                    "The program exited with status 0 without this run's pass line: the tests did not run to the end (an early exit, or a forged pass line).");
        }

        var harness = result.ExitCode switch
        {
            PythonTestHarness.SyntaxErrorExit => (CodeReasons.SyntaxError, "The solution does not compile."),
            PythonTestHarness.BadTestsExit => (CodeReasons.NoTests, "The problem's tests do not compile."),
            PythonTestHarness.ExitDuringTestsExit => (CodeReasons.TestsIncomplete, "The program called sys.exit (or raised SystemExit) before the tests finished."),
            PythonTestHarness.FailedTestExit => (CodeReasons.FailedTest, "A test failed."),
            PythonTestHarness.MemoryExit => (CodeReasons.ResourceExceeded, "The program ran out of memory (MemoryError under the memory limit)."),
            PythonTestHarness.NoNonceExit => (CodeReasons.Error, "The harness got no nonce on standard input (the executor did not pass standard input)."),
            PythonTestHarness.ErrorExit => (CodeReasons.Error, "The program raised an exception."),
            null => (CodeReasons.Error, $"The program was killed by signal {result.Signal?.ToString(CultureInfo.InvariantCulture) ?? "?"}."),
            var code => (CodeReasons.Error, $"The program exited with status {code.Value.ToString(CultureInfo.InvariantCulture)}."),
        };
        var explanation = harness.Item2 + Tail(result);
        return harness.Item1 == CodeReasons.NoTests
            ? Verdict.Unsure(harness.Item1, explanation)
            : Verdict.Incorrect(harness.Item1, explanation);
    }

    private string Tail(ExecutionResult result)
    {
        var error = result.Stderr.TrimEnd();
        if (error.Length == 0 || Options.MaxQuotedOutput == 0)
        {
            return string.Empty;
        }

        var tail = error.Length <= Options.MaxQuotedOutput ? error : "..." + error[^Options.MaxQuotedOutput..];
        return "\n" + tail;
    }
}
