using System.Text;

namespace Rethink.Data;

/// <summary>
/// Drops a record whose normalised prompt and targets (<see cref="TextNormalizer"/>; roles included) equal an earlier
/// record's, keeping the first (<c>dedupe.duplicate</c>). Provenance is not compared: the same text from two runs is one
/// training example. Immutable and thread-safe.
/// </summary>
public sealed class DedupeFilter : IRecordFilter
{
    /// <inheritdoc />
    public string Name => "dedupe";

    /// <inheritdoc />
    public FilterResult Apply(IReadOnlyList<TrainingRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Key(record);
            if (seen.TryGetValue(key, out var first))
            {
                dropped.Add(new DroppedRecord(DropReasons.Duplicate, record.Id, $"same prompt and completion as record {first}") { Record = record });
                continue;
            }

            seen.Add(key, record.Id);
            kept.Add(record);
        }

        return new FilterResult(kept, dropped);
    }

    private static string Key(TrainingRecord r)
    {
        var key = new StringBuilder();
        Append(key, "prompt", r.Prompt);
        Append(key, "completion", r.Completion);
        Append(key, "chosen", r.Chosen);
        Append(key, "rejected", r.Rejected);
        return key.ToString();
    }

    // Every piece is length-prefixed, so no message text can forge a boundary between messages or parts.
    private static void Append(StringBuilder key, string part, IReadOnlyList<Core.Message>? messages)
    {
        key.Append(part).Append(messages is null ? "-" : messages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|');
        foreach (var m in messages ?? [])
        {
            var text = TextNormalizer.Normalize(m.Text);
            key.Append(m.Role.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(m.Role)
                .Append(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(text);
        }
    }
}
