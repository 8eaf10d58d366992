namespace Rethink.Verifiers.Code;

/// <summary>
/// The solution side of a Python judged run: a small host, started fresh, that runs the solution
/// (<c>solution.py</c>, the only other file of its work directory) and then answers the judge's calls with plain data.
/// It shares the solution's process, so the solution can change anything here; that is harmless by design, because all
/// the judge takes from this process is literal data and the moment its output ends.
/// </summary>
internal static class PythonSolutionHost
{
    /// <summary>
    /// The program. It exits with status 1 once the solution has raised (at import or in a call), so that the executor
    /// reads a resource limit named in the traceback (a failed fork, say) as that limit; otherwise with 0.
    /// </summary>
    public const string Source = """
        # Rethink solution host: runs the solution in this process (which never sees the tests) and answers the judge's
        # calls with plain data, one JSON line per call.
        import ast, json, math, os, sys, traceback


        def main():
            # The channel to the judge is a private copy of descriptors 0 and 1: the solution's prints go to the error
            # stream and its input() reads nothing.
            requests = os.fdopen(os.dup(0), "r", encoding="utf-8", errors="replace")
            replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
            os.dup2(2, 1)

            def send(message):
                replies.write(json.dumps(message) + "\n")
                replies.flush()

            def failure(error):
                failed.append(error)
                if isinstance(error, MemoryError):
                    return {"kind": "memory"}
                if isinstance(error, SystemExit):
                    return {"kind": "exit"}
                traceback.print_exc(limit=-8)
                return {"kind": "error", "error": type(error).__name__ + ": " + str(error)[:200]}

            failed = []
            with open("solution.py", encoding="utf-8") as f:
                solution = f.read()
            try:
                code = compile(solution, "solution.py", "exec")
            except (SyntaxError, ValueError):
                traceback.print_exc(limit=0)
                send({"kind": "syntax"})
                return 1
            scope = {"__name__": "__rethink_solution__", "__builtins__": __builtins__}
            try:
                exec(code, scope)
            except BaseException as error:
                send(failure(error))
                return 1
            send({"kind": "names", "names": sorted(k for k, v in scope.items() if callable(v) and not k.startswith("__"))})
            for line in requests:
                try:
                    request = json.loads(line)
                    args, kwargs = ast.literal_eval(request["args"])
                    result = scope[request["name"]](*args, **kwargs)
                    message = {"kind": "value", "value": encode(result)}
                except BaseException as error:
                    message = failure(error)
                send(message)
                if message["kind"] in ("memory", "exit"):
                    break
            return 1 if failed else 0


        def encode(value):
            # Plain data only, written so that ast.literal_eval in the judge rebuilds it; non-finite floats and empty
            # sets have no literal form, so they travel tagged.
            if isinstance(value, float) and not math.isfinite(value):
                return {"float": repr(value)}
            if isinstance(value, (set, frozenset)) and not value:
                return {"empty_set": True}
            text = repr(value)
            ast.literal_eval(text)
            return {"literal": text}


        status = main()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)

        """;
}
