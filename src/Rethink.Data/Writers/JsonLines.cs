using System.Text.Json;

namespace Rethink.Data;

// Shared by the JSONL writers: one compact JSON object per line, "\n" line ends, UTF-8 without a byte order mark.
internal static class JsonLines
{
    public static async Task WriteAsync(IEnumerable<TrainingRecord> records, Stream destination, Action<Utf8JsonWriter, TrainingRecord> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.SetLength(0);
            using (var writer = new Utf8JsonWriter(buffer, TrainingRecordJson.WriterOptions))
            {
                write(writer, record);
            }

            buffer.WriteByte((byte)'\n');
            await destination.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static string SingleKind(IReadOnlyList<TrainingRecord> records, string format)
    {
        var kinds = records.Select(r => r.Kind).Distinct(StringComparer.Ordinal).ToList();
        if (kinds.Count > 1)
        {
            throw new NotSupportedException($"The {format} format holds records of one kind per file; these are {string.Join(", ", kinds)}.");
        }

        var kind = kinds.Count == 0 ? string.Empty : kinds[0];
        if (kind.Length > 0 && !ExportKind.IsKnown(kind))
        {
            throw new NotSupportedException($"The {format} format does not know record kind '{kind}'.");
        }

        return kind;
    }
}
