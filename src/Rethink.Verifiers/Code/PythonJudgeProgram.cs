namespace Rethink.Verifiers.Code;

/// <summary>
/// The judge side of a Python judged run: the trusted program that owns the tests. It runs in its own process, reads
/// <c>judge.json</c>, <c>tests.py</c> and (when the dataset has one) <c>prompt.py</c> from its own work directory, and
/// sees the solution only as the lines that arrive on its standard input. Its exit status is the verdict (the
/// <see cref="PythonTestHarness"/> codes; 0 only after every test returned).
/// </summary>
internal static class PythonJudgeProgram
{
    /// <summary>
    /// The program. What it trusts: its own files, the standard library (isolated mode: nothing is imported from the work
    /// directory) and the dataset's prompt code, which defines the helpers the tests call. What it does not trust: every
    /// line from the solution. A reply is parsed as JSON and its value rebuilt with <c>ast.literal_eval</c>, so the
    /// solution can hand back plain data and nothing else; the names it offers become call proxies only for the entry
    /// point and for names the tests use that neither the prompt nor the builtins define, so a solution cannot replace
    /// <c>abs</c>, <c>len</c> or a prompt helper that the tests rely on. The exit status is set only by an explicit
    /// <c>os._exit</c>; anything unforeseen ends in the error status.
    /// </summary>
    public const string Source = """
        # Rethink judge: runs the tests in this process against call proxies; the solution runs in another process and
        # only ever sends lines of plain data. The exit status is the verdict: 0 only after every test returned.
        import ast, builtins, json, keyword, math, os, sys, traceback

        PASSED, SYNTAX, BAD_TESTS, EXITED, FAILED, ERROR, MEMORY, PROTOCOL = @EXITS@

        # Exceptions of the solution that are raised again here under their own name, so that a test expecting one can
        # catch it. Any other name arrives as RuntimeError: StopIteration, for one, would end an iteration of the test
        # early instead of failing it.
        RAISED_AS_IS = {"ArithmeticError", "AssertionError", "AttributeError", "IndexError", "KeyError", "LookupError",
                        "NotImplementedError", "OverflowError", "RecursionError", "TypeError", "ValueError",
                        "ZeroDivisionError"}


        def leave(code, message, trace=False):
            try:
                if trace:
                    traceback.print_exc(limit=-8)
                sys.stderr.write("rethink-judge: " + message + "\n")
                sys.stderr.flush()
            except BaseException:
                pass
            os._exit(code)


        def read(name):
            with open(name, encoding="utf-8") as f:
                return f.read()


        def main():
            config = json.loads(read("judge.json"))
            entry = config.get("entry")
            call_check = bool(config.get("check"))
            tests = read("tests.py")
            prompt = read("prompt.py") if os.path.exists("prompt.py") else None

            # The channel to the solution is a private copy of descriptors 0 and 1; the tests' own prints go to the
            # error stream and their input() reads nothing.
            replies = os.fdopen(os.dup(0), "r", encoding="utf-8", errors="replace")
            requests = os.fdopen(os.dup(1), "w", encoding="utf-8")
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
            os.dup2(2, 1)

            try:
                tests_code = compile(tests, "tests.py", "exec")
                prompt_code = compile(prompt, "prompt.py", "exec") if prompt else None
            except (SyntaxError, ValueError):
                leave(BAD_TESTS, "the tests (or the prompt's code) do not compile", trace=True)

            def receive():
                line = replies.readline()
                if not line:
                    leave(EXITED, "exit-during-tests: the solution's process ended before the tests did")
                try:
                    reply = json.loads(line)
                except ValueError:
                    reply = None
                if not isinstance(reply, dict):
                    leave(PROTOCOL, "the solution's process sent a line that is not a reply")
                kind = reply.get("kind")
                if kind == "exit":
                    leave(EXITED, "exit-during-tests: the solution raised SystemExit")
                if kind == "syntax":
                    leave(SYNTAX, "syntax-error: the solution does not compile")
                if kind == "memory":
                    leave(MEMORY, "memory-error: the solution ran out of memory")
                return reply

            first = receive()
            if first.get("kind") == "error":
                leave(ERROR, "error: the solution raised " + str(first.get("error", "an exception"))[:300])
            if first.get("kind") != "names" or not isinstance(first.get("names"), list):
                leave(PROTOCOL, "the solution's process did not say which functions it defines")
            offered = {n for n in first["names"] if isinstance(n, str) and n.isidentifier() and not keyword.iskeyword(n) and not n.startswith("__")}
            if entry is not None and entry not in offered:
                leave(ERROR, "error: the solution defines no '" + entry + "'")

            def proxy(name):
                def call(*args, **kwargs):
                    try:
                        payload = repr((args, kwargs))
                        ast.literal_eval(payload)
                    except Exception:
                        raise TypeError("rethink-judge: arguments of " + name + " are not plain data")
                    requests.write(json.dumps({"name": name, "args": payload}) + "\n")
                    requests.flush()
                    reply = receive()
                    kind = reply.get("kind")
                    if kind == "error":
                        error = str(reply.get("error", ""))[:300]
                        exception = getattr(builtins, error.split(":", 1)[0], None) if error.split(":", 1)[0] in RAISED_AS_IS else None
                        if exception is not None:
                            raise exception(name + " raised " + error)
                        raise RuntimeError(name + " raised " + error)
                    if kind != "value" or not isinstance(reply.get("value"), dict):
                        leave(PROTOCOL, "the solution's process sent a line that is not a reply")
                    return decode(reply["value"])
                call.__name__ = name
                call.__qualname__ = name
                return call

            def loaded_names(code_text):
                return {node.id for node in ast.walk(ast.parse(code_text)) if isinstance(node, ast.Name)}

            scope = {"__name__": "__rethink_tests__", "__builtins__": builtins}
            try:
                if prompt_code is not None:
                    exec(prompt_code, scope)
            except BaseException:
                leave(BAD_TESTS, "the prompt's code raised when the judge ran it", trace=True)
            used = loaded_names(tests) | (loaded_names(prompt) if prompt else set())
            for name in offered:
                if name == entry or (name in used and name not in scope and not hasattr(builtins, name)):
                    scope[name] = proxy(name)

            try:
                exec(tests_code, scope)
                if call_check:
                    scope["check"](scope[entry])
            except SystemExit:
                leave(EXITED, "exit-during-tests: the tests raised SystemExit")
            except AssertionError:
                leave(FAILED, "failed-test", trace=True)
            except MemoryError:
                leave(MEMORY, "memory-error")
            except BaseException:
                leave(ERROR, "error", trace=True)
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException:
                pass
            os._exit(PASSED)


        def decode(value):
            if "float" in value:
                return float(value["float"])
            if "empty_set" in value:
                return set()
            if "literal" in value and isinstance(value["literal"], str):
                return ast.literal_eval(value["literal"])
            raise TypeError("rethink-judge: a reply holds no value")


        try:
            main()
        except BaseException:
            leave(ERROR, "the judge failed", trace=True)
        leave(ERROR, "the judge ended without a verdict")

        """;
}
