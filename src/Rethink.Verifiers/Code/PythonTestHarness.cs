using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Verifiers.Code;

/// <summary>
/// Builds the Python program that runs a solution against its tests and says, in a way the solution cannot simply
/// fake, whether the tests ran to the end. Pure and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The program is a fixed harness with the solution and the tests embedded as base64 (so no quoting of model text
/// can break out of it). It first reads a per-run random nonce (128 bits, hex) from standard input and closes its
/// input, before a single line of the solution runs. It then compiles the solution (a failure is a syntax error),
/// compiles the tests, executes the solution and the tests in a fresh namespace whose <c>__name__</c> is not
/// <c>__main__</c>, and for HumanEval-style tests calls <c>check(entry_point)</c>. Only when all of that returned does it
/// write <see cref="PassMarker"/> and the nonce, on its own line, to a duplicate of the standard-output descriptor
/// taken before the solution ran, and leave with <c>os._exit(0)</c> (so exit handlers the solution registered cannot
/// change the outcome). The verifier counts a pass only for exit status 0 together with that exact line.
/// </para>
/// <para>
/// This defeats: an early <c>sys.exit(0)</c> or <c>raise SystemExit</c> anywhere (caught, reported as incomplete);
/// <c>os._exit(0)</c> in the solution or at import time (status 0 but no line); killing the harness (a signal, no
/// line); printing a fake pass line (it lacks the nonce, which is fresh per run and never in the program text or its
/// files); reading the nonce from standard input (already consumed and closed); closing or redirecting
/// <c>sys.stdout</c> or file descriptor 1 (the line goes through the harness's own duplicate).
/// </para>
/// <para>
/// It does not defeat a determined adversary in the same interpreter: the solution runs in the harness's own process
/// and can find the nonce in memory (<c>gc.get_objects()</c>, frame introspection, <c>/proc/self/mem</c>), patch the
/// harness's functions or builtins, or return objects whose <c>__eq__</c> is always true so that assertions pass. The
/// sandbox contains what such a program can do to the machine; the harness only keeps honest mistakes and the common
/// shortcuts (early exit, fake marker) from counting as passes. Closing those gaps needs the tests in a separate
/// process from the solution (for example comparing serialised results across a process boundary), which the
/// HumanEval test format (arbitrary Python calling the candidate in-process) does not allow in general.
/// </para>
/// </remarks>
public static class PythonTestHarness
{
    /// <summary>The first word of the pass line; the nonce follows after one space.</summary>
    public const string PassMarker = "RETHINK-HARNESS-PASSED";

    /// <summary>Exit status when the solution does not compile.</summary>
    public const int SyntaxErrorExit = 91;

    /// <summary>Exit status when the tests do not compile (a dataset fault).</summary>
    public const int BadTestsExit = 92;

    /// <summary>Exit status when <c>SystemExit</c> was raised before the tests finished.</summary>
    public const int ExitDuringTestsExit = 93;

    /// <summary>Exit status when an assertion failed.</summary>
    public const int FailedTestExit = 94;

    /// <summary>Exit status when another exception escaped (or the entry point is missing).</summary>
    public const int ErrorExit = 95;

    /// <summary>Exit status when <c>MemoryError</c> escaped (the memory limit, seen from inside).</summary>
    public const int MemoryExit = 96;

    /// <summary>Exit status when no nonce arrived on standard input.</summary>
    public const int NoNonceExit = 97;

    /// <summary>A fresh nonce: 32 lower-case hex digits from a cryptographic generator.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The exact line that proves a pass for <paramref name="nonce"/>.</summary>
    public static string PassLine(string nonce) => PassMarker + " " + nonce;

    /// <summary>
    /// The harness program. <paramref name="entryPoint"/> non-null makes it call <c>check(entry_point)</c> after the
    /// tests (HumanEval style: the tests define <c>check</c>); null runs the tests as they are (MBPP style: asserts).
    /// </summary>
    public static string Build(string solution, string tests, string? entryPoint)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(tests);
        var entry = entryPoint is null ? "None" : "\"" + entryPoint + "\"";
        return Template
            .Replace("@SOLUTION@", Convert.ToBase64String(Encoding.UTF8.GetBytes(solution)), StringComparison.Ordinal)
            .Replace("@TESTS@", Convert.ToBase64String(Encoding.UTF8.GetBytes(tests)), StringComparison.Ordinal)
            .Replace("@ENTRY@", entry, StringComparison.Ordinal)
            .Replace("@MARKER@", PassMarker, StringComparison.Ordinal)
            .Replace("@EXITS@", string.Create(
                CultureInfo.InvariantCulture,
                $"{SyntaxErrorExit}, {BadTestsExit}, {ExitDuringTestsExit}, {FailedTestExit}, {ErrorExit}, {MemoryExit}, {NoNonceExit}"), StringComparison.Ordinal);
    }

    // The entry point is a Python identifier (checked by the verifier), so it is safe inside the quotes above.
    private const string Template = """
        # Rethink test harness: runs a solution against its tests; prints the pass line only if the tests ran to the end.
        import base64 as _b64, linecache as _lc, os as _os, sys as _sys, traceback as _tb

        def _rethink_run():
            SYNTAX, BAD_TESTS, EXITED, FAILED, ERROR, MEMORY, NO_NONCE = @EXITS@
            nonce = _sys.stdin.readline().strip()
            try:
                _sys.stdin.close()
            except Exception:
                pass
            if len(nonce) < 32:
                _sys.stderr.write("rethink-harness: no nonce on standard input\n")
                _os._exit(NO_NONCE)
            out = _os.dup(1)
            solution = _b64.b64decode("@SOLUTION@").decode("utf-8")
            tests = _b64.b64decode("@TESTS@").decode("utf-8")
            entry = @ENTRY@
            # Tracebacks quote the failing line of the solution or the tests (feedback for self-debugging).
            for name, text in (("solution.py", solution), ("tests.py", tests)):
                _lc.cache[name] = (len(text), None, text.splitlines(True), name)

            def leave(code, message, trace=True):
                try:
                    if trace:
                        _tb.print_exc(limit=-8)
                    _sys.stderr.write("rethink-harness: " + message + "\n")
                    _sys.stderr.flush()
                    _sys.stdout.flush()
                except BaseException:
                    pass
                _os._exit(code)

            try:
                solution_code = compile(solution, "solution.py", "exec")
            except (SyntaxError, ValueError):
                leave(SYNTAX, "syntax-error")
            try:
                tests_code = compile(tests, "tests.py", "exec")
            except (SyntaxError, ValueError):
                leave(BAD_TESTS, "the tests do not compile")
            scope = {"__name__": "__rethink_solution__", "__builtins__": __builtins__}
            try:
                exec(solution_code, scope)
                exec(tests_code, scope)
                if entry is not None:
                    if entry not in scope:
                        leave(ERROR, "the solution defines no '" + entry + "'", trace=False)
                    scope["check"](scope[entry])
            except SystemExit:
                leave(EXITED, "exit-during-tests", trace=False)
            except AssertionError:
                leave(FAILED, "failed-test")
            except MemoryError:
                leave(MEMORY, "memory-error", trace=False)
            except BaseException:
                leave(ERROR, "error")
            try:
                _sys.stdout.flush()
                _sys.stderr.flush()
            except BaseException:
                pass
            _os.write(out, ("\n@MARKER@ " + nonce + "\n").encode("ascii"))
            _os._exit(0)

        _rethink_run()

        """;
}
