namespace Rethink.Data;

/// <summary>What a filter kept, in input order, and what it dropped, each with its record. Immutable.</summary>
/// <param name="Kept">The records kept, in input order.</param>
/// <param name="Dropped">The records dropped, with <see cref="DroppedRecord.Record"/> set.</param>
public sealed record FilterResult(IReadOnlyList<TrainingRecord> Kept, IReadOnlyList<DroppedRecord> Dropped);
