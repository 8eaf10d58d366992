namespace Rethink.Evaluation.Runs;

/// <summary>
/// Thrown when a run is resumed with a configuration whose fingerprint differs from the stored one; the message names
/// every setting that changed. Nothing has been run or written when it is thrown.
/// </summary>
public sealed class RunConfigurationMismatchException : Exception
{
    /// <summary>Creates the exception for run <paramref name="runId"/> with one message per changed setting.</summary>
    public RunConfigurationMismatchException(string runId, IReadOnlyList<string> changes)
        : base(Compose(runId, changes))
    {
        RunId = runId;
        Changes = changes;
    }

    /// <summary>Creates the exception (analyzer-required form).</summary>
    public RunConfigurationMismatchException()
        : this(string.Empty, [])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public RunConfigurationMismatchException(string message)
        : base(message)
    {
        RunId = string.Empty;
        Changes = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public RunConfigurationMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        RunId = string.Empty;
        Changes = [];
    }

    /// <summary>The run that was to be resumed.</summary>
    public string RunId { get; }

    /// <summary>One message per changed setting, e.g. <c>strategy self-refine setting 'max_rounds' changed from 3 to 4</c>.</summary>
    public IReadOnlyList<string> Changes { get; }

    private static string Compose(string runId, IReadOnlyList<string> changes) =>
        changes.Count == 0
            ? $"Run '{runId}' was created with a different configuration; refusing to resume it."
            : $"Run '{runId}' was created with a different configuration; refusing to resume it: " + string.Join("; ", changes) + ".";
}
