namespace Rethink.Data;

/// <summary>The records an export made, after every filter, in order, with its summary. Immutable.</summary>
/// <param name="Records">The records that passed every filter.</param>
/// <param name="Summary">Counts and drops (its <see cref="ExportSummary.Format"/> is null: nothing was written yet).</param>
public sealed record ExportBatch(IReadOnlyList<TrainingRecord> Records, ExportSummary Summary);
