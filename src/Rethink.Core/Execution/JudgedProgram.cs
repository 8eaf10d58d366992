namespace Rethink.Core.Execution;

/// <summary>One of the two programs of a judged run: its main file and any extra files of its own work directory.</summary>
/// <param name="Source">The whole program text; it becomes the main file of a fresh work directory that only this program sees.</param>
public sealed record JudgedProgram(string Source)
{
    /// <summary>Extra files written into this program's work directory before the run (relative path to content).</summary>
    public IReadOnlyDictionary<string, string>? Files { get; init; }
}
