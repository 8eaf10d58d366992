namespace Rethink.Core.Execution;

/// <summary>How a run ended.</summary>
public enum ExecutionStatus
{
    /// <summary>Exited with status 0 within its limits.</summary>
    Ok,

    /// <summary>Exited with a non-zero status or was killed by a signal it caused (an exception, a crash).</summary>
    Error,

    /// <summary>Killed because the wall-clock limit passed.</summary>
    Timeout,

    /// <summary>Stopped by a resource limit (CPU time, memory, file size, process count); <see cref="ExecutionResult.Detail"/> names it.</summary>
    ResourceExceeded,
}

/// <summary>What one run produced. Output beyond the executor's cap is dropped and flagged, never buffered.</summary>
/// <param name="Status">How the run ended.</param>
/// <param name="ExitCode">The exit status, or null when the process was killed by a signal.</param>
/// <param name="Stdout">Captured standard output, up to the cap, decoded as UTF-8.</param>
/// <param name="Stderr">Captured standard error, up to the cap, decoded as UTF-8.</param>
/// <param name="Elapsed">Wall-clock time from start to the end of the process tree.</param>
public sealed record ExecutionResult(ExecutionStatus Status, int? ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>The signal that ended the process, when one did.</summary>
    public int? Signal { get; init; }

    /// <summary>True when standard output was longer than the cap.</summary>
    public bool StdoutTruncated { get; init; }

    /// <summary>True when standard error was longer than the cap.</summary>
    public bool StderrTruncated { get; init; }

    /// <summary>
    /// A short machine-readable reason for non-ok outcomes: for example <c>cpu-time</c>, <c>memory</c>,
    /// <c>file-size</c>, <c>processes</c>, <c>wall-time</c>, <c>exit-code</c>, <c>signal</c>.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>The executor's <see cref="ICodeExecutor.Isolation"/> at the time of the run.</summary>
    public string Isolation { get; init; } = ExecutionIsolation.Sandbox;
}
