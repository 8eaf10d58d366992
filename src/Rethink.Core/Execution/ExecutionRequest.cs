namespace Rethink.Core.Execution;

/// <summary>One program to run.</summary>
/// <param name="Language">A <see cref="CodeLanguages"/> value.</param>
/// <param name="Source">The whole program text; it becomes the main file in a fresh work directory.</param>
public sealed record ExecutionRequest(string Language, string Source)
{
    /// <summary>Text fed to standard input; null gives the program an empty, closed input.</summary>
    public string? Stdin { get; init; }

    /// <summary>Wall-clock limit; null uses the executor's default. The whole process tree is killed when it passes.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra files written into the work directory before the run (relative path to content).</summary>
    public IReadOnlyDictionary<string, string>? Files { get; init; }
}
