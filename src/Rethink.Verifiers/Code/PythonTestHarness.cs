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
/// can break out of it). It forks first. The child closes its standard input, runs the solution in a fresh namespace
/// (<c>__name__</c> is not <c>__main__</c>) and then only answers calls to the functions it defined, reading
/// arguments and sending results as literal <c>repr</c> text. The parent marks itself not dumpable, reads a per-run
/// nonce (128 bits, hex) from standard input, runs the tests against proxies of those functions (for HumanEval-style
/// tests it calls <c>check(entry_point)</c>), and compares the results in its own process. Only when every test
/// returned does it write <see cref="PassMarker"/> and the nonce, on its own line, to a duplicate of the
/// standard-output descriptor taken before the fork, and leave with <c>os._exit(0)</c>. The verifier counts a pass
/// only for exit status 0 together with that exact line.
/// </para>
/// <para>
/// The solution never has the nonce (it is read after the fork, in the other process), cannot read the parent's
/// memory when it runs unprivileged, cannot make an assertion hold except by returning the right plain data, and
/// cannot end the tests early into a pass: an early exit, a killed harness, a fake pass line or a closed stdout all
/// fail. A child killed by a signal (a resource limit) makes the parent die of the same signal, so the executor
/// classifies the run as before. Limits: a solution running as root can read the parent's memory, and tests that
/// pass the candidate non-literal values (functions, objects mutated in place) fail rather than pass.
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
        # Rethink test harness: the tests run in this (trusted) process against proxies; the solution runs in a forked
        # child that only ever sends back plain data. The pass line is printed here, only if the tests ran to the end.
        import ast as _ast, base64 as _b64, json as _json, linecache as _lc, math as _math, os as _os, sys as _sys, traceback as _tb

        def _rethink_run():
            SYNTAX, BAD_TESTS, EXITED, FAILED, ERROR, MEMORY, NO_NONCE = @EXITS@
            solution = _b64.b64decode("@SOLUTION@").decode("utf-8")
            tests = _b64.b64decode("@TESTS@").decode("utf-8")
            entry = @ENTRY@
            for name, text in (("solution.py", solution), ("tests.py", tests)):
                _lc.cache[name] = (len(text), None, text.splitlines(True), name)
            out = _os.dup(1)
            to_child_r, to_child_w = _os.pipe()
            to_parent_r, to_parent_w = _os.pipe()
            pid = _os.fork()
            if pid == 0:
                # The child never sees the nonce: standard input is closed before any solution code runs, and the
                # parent reads it only after the fork.
                _os.close(0)
                for fd in (out, to_child_w, to_parent_r):
                    _os.close(fd)
                _serve(solution, to_child_r, to_parent_w)
                _os._exit(0)
            _os.close(to_child_r)
            _os.close(to_parent_w)
            try:
                import ctypes
                # Not dumpable: the child (same uid) can neither ptrace this process nor read /proc/<pid>/mem.
                ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)
            except Exception:
                pass
            nonce = _sys.stdin.readline().strip()
            try:
                _sys.stdin.close()
            except Exception:
                pass

            def leave(code, message, trace=True):
                try:
                    if trace:
                        _tb.print_exc(limit=-8)
                    _sys.stderr.write("rethink-harness: " + message + "\n")
                    _sys.stderr.flush()
                    _sys.stdout.flush()
                except BaseException:
                    pass
                try:
                    _os.kill(pid, 9)
                except BaseException:
                    pass
                _os._exit(code)

            if len(nonce) < 32:
                leave(NO_NONCE, "no nonce on standard input", trace=False)
            requests = _os.fdopen(to_child_w, "w", encoding="utf-8")
            replies = _os.fdopen(to_parent_r, "r", encoding="utf-8")

            def receive():
                line = replies.readline()
                if not line:
                    # The child is gone. Killed by a signal (a resource limit, a crash): die of the same signal, so
                    # the executor classifies the run as it would have a single process. Exited: it left early.
                    try:
                        _, status = _os.waitpid(pid, 0)
                    except BaseException:
                        status = 0
                    if _os.WIFSIGNALED(status):
                        _sys.stderr.flush()
                        _os.kill(_os.getpid(), _os.WTERMSIG(status))
                    leave(EXITED, "exit-during-tests", trace=False)
                reply = _json.loads(line)
                kind = reply.get("kind")
                if kind == "exit":
                    leave(EXITED, "exit-during-tests", trace=False)
                if kind == "syntax":
                    leave(SYNTAX, "syntax-error", trace=False)
                if kind == "memory":
                    leave(MEMORY, "memory-error", trace=False)
                return reply

            try:
                compile(solution, "solution.py", "exec")
            except (SyntaxError, ValueError):
                leave(SYNTAX, "syntax-error")
            try:
                tests_code = compile(tests, "tests.py", "exec")
            except (SyntaxError, ValueError):
                leave(BAD_TESTS, "the tests do not compile")
            names = receive()
            if names.get("kind") == "error":
                leave(ERROR, "error: the solution raised " + names.get("error", "an exception"), trace=False)

            def proxy(name):
                def call(*args, **kwargs):
                    try:
                        payload = repr((args, kwargs))
                        _ast.literal_eval(payload)
                    except Exception:
                        raise TypeError("rethink-harness: arguments of " + name + " are not plain data")
                    requests.write(_json.dumps({"name": name, "args": payload}) + "\n")
                    requests.flush()
                    reply = receive()
                    if reply["kind"] == "error":
                        raise RuntimeError(name + " raised " + reply["error"])
                    return _decode(reply["value"])
                call.__name__ = name
                return call

            scope = {"__name__": "__rethink_tests__", "__builtins__": __builtins__}
            for name in names["names"]:
                scope[name] = proxy(name)
            try:
                exec(tests_code, scope)
                if entry is not None:
                    if entry not in names["names"]:
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
            try:
                _os.kill(pid, 9)
            except BaseException:
                pass
            _os._exit(0)

        def _encode(value):
            # Plain data only, written so that ast.literal_eval in the parent rebuilds it; non-finite floats and empty
            # sets have no literal form, so they travel tagged.
            if isinstance(value, float) and not _math.isfinite(value):
                return {"float": repr(value)}
            if isinstance(value, (set, frozenset)) and not value:
                return {"empty_set": True}
            text = repr(value)
            _ast.literal_eval(text)
            return {"literal": text}

        def _decode(value):
            if "float" in value:
                return float(value["float"])
            if "empty_set" in value:
                return set()
            return _ast.literal_eval(value["literal"])

        def _serve(solution, requests_fd, replies_fd):
            requests = _os.fdopen(requests_fd, "r", encoding="utf-8")
            replies = _os.fdopen(replies_fd, "w", encoding="utf-8")

            def send(message):
                replies.write(_json.dumps(message) + "\n")
                replies.flush()

            def failure(error):
                if isinstance(error, MemoryError):
                    return {"kind": "memory"}
                if isinstance(error, SystemExit):
                    return {"kind": "exit"}
                _tb.print_exc(limit=-8)
                return {"kind": "error", "error": type(error).__name__ + ": " + str(error)[:200]}

            scope = {"__name__": "__rethink_solution__", "__builtins__": __builtins__}
            try:
                code = compile(solution, "solution.py", "exec")
            except (SyntaxError, ValueError):
                send({"kind": "syntax"})
                return
            try:
                exec(code, scope)
            except BaseException as error:
                send(failure(error))
                return
            send({"kind": "names", "names": sorted(k for k, v in scope.items() if callable(v) and not k.startswith("__"))})
            for line in requests:
                request = _json.loads(line)
                try:
                    args, kwargs = _ast.literal_eval(request["args"])
                    result = scope[request["name"]](*args, **kwargs)
                    message = {"kind": "value", "value": _encode(result)}
                except BaseException as error:
                    message = failure(error)
                send(message)
                if message["kind"] in ("memory", "exit"):
                    return

        _rethink_run()

        """;
}
