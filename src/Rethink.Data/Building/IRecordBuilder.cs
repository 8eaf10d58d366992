namespace Rethink.Data;

/// <summary>
/// Turns runs into records of one kind. Every input unit (a trajectory, a critique turn, a judged pair or order, as the
/// kind documents) either yields records or is dropped with a reason id from <see cref="DropReasons"/>; nothing is
/// dropped silently. Output order is deterministic: runs in the order given, then the store's order within a run.
/// Implementations are immutable and thread-safe.
/// </summary>
public interface IRecordBuilder
{
    /// <summary>The <see cref="ExportKind"/> this builder makes.</summary>
    string Kind { get; }

    /// <summary>The run kinds (<c>RunKind</c>) it reads; a run of any other kind is refused before building.</summary>
    IReadOnlyList<string> RunKinds { get; }

    /// <summary>Builds the records of <paramref name="runs"/>. Pure apart from cancellation.</summary>
    BuildResult Build(IReadOnlyList<SourceRun> runs, CancellationToken cancellationToken = default);
}
