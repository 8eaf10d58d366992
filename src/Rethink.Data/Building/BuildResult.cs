namespace Rethink.Data;

/// <summary>What a builder or a filter made: the records kept, in order, and everything it dropped, with reasons. Immutable.</summary>
/// <param name="Records">The records, in deterministic order.</param>
/// <param name="Dropped">The dropped inputs, in the order they were met.</param>
public sealed record BuildResult(IReadOnlyList<TrainingRecord> Records, IReadOnlyList<DroppedRecord> Dropped);
