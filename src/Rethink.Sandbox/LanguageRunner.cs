using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// How to run one language: the interpreter, its arguments, the main file name, what it needs from the host
/// filesystem and how its error output names the resource limit that stopped it. Adding a language (Node, C#) means
/// adding one of these; the executors themselves are language-agnostic.
/// </summary>
/// <param name="Language">The <see cref="CodeLanguages"/> value this runner serves.</param>
/// <param name="Interpreter">Absolute host path of the interpreter; it must be readable inside the sandbox (under one of <see cref="ReadOnlyBinds"/>).</param>
/// <param name="Arguments">Arguments before the main file name.</param>
/// <param name="MainFile">Name the program's source gets in the work directory.</param>
public sealed record LanguageRunner(string Language, string Interpreter, IReadOnlyList<string> Arguments, string MainFile)
{
    /// <summary>
    /// Host paths bound read-only at the same place inside the sandbox. Debian 12 is merged-/usr, so <c>/usr</c>
    /// covers the interpreter and its libraries; <c>/bin</c>, <c>/lib</c> and <c>/lib64</c> are recreated as symlinks.
    /// </summary>
    public IReadOnlyList<string> ReadOnlyBinds { get; init; } = ["/usr"];

    /// <summary>
    /// Arguments before the main file name for both programs of a judged run (<see cref="IJudgedExecutor"/>). Each
    /// starts in an interpreter that reads nothing of its work directory unless it opens a file by name: for Python,
    /// isolated mode.
    /// </summary>
    public IReadOnlyList<string> JudgedArguments { get; init; } = Arguments;

    /// <summary>Extra environment variables for the program (the environment is otherwise empty except PATH, HOME, LANG).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Substrings of standard error that, on a non-zero exit, mean a resource limit stopped the program, mapped to the
    /// <see cref="ExecutionResult.Detail"/> they produce. A program can print these itself; that can only turn a
    /// failure into another kind of failure, never into <see cref="ExecutionStatus.Ok"/>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResourceMarkers { get; init; } = [];

    /// <summary>
    /// Python 3 through the system interpreter <c>/usr/bin/python3</c> (never a pyenv shim: slow, and unreadable for an
    /// unprivileged uid). <c>-E -s -S -B</c>: ignore PYTHON* variables, no user or site packages (standard library
    /// only), no bytecode files; unlike <c>-I</c> the work directory stays on <c>sys.path</c>, so extra files can be
    /// imported. Judged runs use <c>-I -S -B</c>: isolated mode also keeps the script's directory off <c>sys.path</c>, so
    /// a module planted in the work directory is never imported by name.
    /// </summary>
    public static LanguageRunner Python { get; } = new(CodeLanguages.Python, "/usr/bin/python3", ["-E", "-s", "-S", "-B"], "main.py")
    {
        JudgedArguments = ["-I", "-S", "-B"],
        ResourceMarkers =
        [
            new("MemoryError", ResourceDetails.Memory),
            new("[Errno 12] Cannot allocate memory", ResourceDetails.Memory),
            new("[Errno 27] File too large", ResourceDetails.FileSize),
            new("[Errno 11] Resource temporarily unavailable", ResourceDetails.Processes),
            new("[Errno 24] Too many open files", ResourceDetails.OpenFiles),
            new("[Errno 28] No space left on device", ResourceDetails.Disk),
        ],
    };
}
