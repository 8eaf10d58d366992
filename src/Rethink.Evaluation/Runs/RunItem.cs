namespace Rethink.Evaluation.Runs;

/// <summary>
/// One per-item record of a run that is not an evaluation (a judgement, a label, a round's record, an episode). The
/// key is unique within its run, so a resumed run never stores an item twice; the payload is the kind's own JSON.
/// Immutable.
/// </summary>
/// <param name="Key">Unique within the run: letters, digits and <c>. _ - / : @</c>, at most 256 characters.</param>
/// <param name="PayloadJson">The record, as JSON.</param>
public sealed record RunItem(string Key, string PayloadJson)
{
    /// <summary>When the item was stored (UTC); set by the store on load.</summary>
    public DateTimeOffset StoredAt { get; init; }
}
