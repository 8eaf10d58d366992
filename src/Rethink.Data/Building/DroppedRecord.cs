namespace Rethink.Data;

/// <summary>
/// Something an export did not write, kept for inspection: the reason id (counted in <see cref="ExportSummary"/>),
/// what was dropped (<c>run/strategy/problem/sample</c>, <c>run/item</c> or a record id) and why, for people.
/// </summary>
/// <param name="Reason">A reason id from <see cref="DropReasons"/>.</param>
/// <param name="Subject">What was dropped.</param>
/// <param name="Explanation">Why, in words.</param>
public sealed record DroppedRecord(string Reason, string Subject, string Explanation)
{
    /// <summary>The record itself when a filter dropped a built record; null for inputs dropped before a record existed.</summary>
    public TrainingRecord? Record { get; init; }
}
