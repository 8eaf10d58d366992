namespace Rethink.Data;

/// <summary>
/// What an export did: the kind and format, the runs read, how many records were built and written, the drops counted
/// by reason id (builders' and filters' alike, sorted by id), the written records counted by label, and every drop
/// itself for inspection. Immutable.
/// </summary>
public sealed record ExportSummary
{
    /// <summary>The <see cref="ExportKind"/> exported.</summary>
    public required string Kind { get; init; }

    /// <summary>The <see cref="ExportFormat"/> written; null when the records were only built.</summary>
    public string? Format { get; init; }

    /// <summary>The run ids read, in order.</summary>
    public required IReadOnlyList<string> Runs { get; init; }

    /// <summary>Records the builder made, before filters.</summary>
    public required int Built { get; init; }

    /// <summary>Records that passed every filter (and were written, when a format was given).</summary>
    public required int Written { get; init; }

    /// <summary>Drops per reason id, sorted by id (ordinal).</summary>
    public required IReadOnlyDictionary<string, int> DroppedByReason { get; init; }

    /// <summary>Written records per label (<c>(none)</c> for records without one), sorted by label (ordinal).</summary>
    public required IReadOnlyDictionary<string, int> WrittenByLabel { get; init; }

    /// <summary>Every drop, builders' first, then each filter's in order.</summary>
    public required IReadOnlyList<DroppedRecord> Dropped { get; init; }

    /// <summary>The number of drops.</summary>
    public int DroppedCount => Dropped.Count;
}
