namespace Rethink.Data;

/// <summary>
/// One filtering step over the built records. It sees the whole list (dedupe and balance need it) and returns the kept
/// records in their original order plus each dropped one with a reason id from <see cref="DropReasons"/>.
/// Implementations are immutable, thread-safe and deterministic: the same records give the same result.
/// </summary>
public interface IRecordFilter
{
    /// <summary>A short name for messages (e.g. <c>dedupe</c>).</summary>
    string Name { get; }

    /// <summary>Filters <paramref name="records"/>; does not mutate the list.</summary>
    FilterResult Apply(IReadOnlyList<TrainingRecord> records, CancellationToken cancellationToken = default);
}
