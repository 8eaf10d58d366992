using Parquet;
using Parquet.Serialization;

namespace Rethink.Data;

/// <summary>
/// Reads a file written by <see cref="ParquetRecordWriter"/> back into the records it was written from. The layout is
/// told by its columns (<c>messages</c>, <c>chosen</c>, <c>label</c>, else prompt-completion). A file without our
/// columns throws <see cref="InvalidDataException"/>. Stateless and thread-safe; the stream is read whole and left open.
/// </summary>
public static class ParquetRecordReader
{
    /// <summary>All records of <paramref name="source"/>, in row order.</summary>
    public static async Task<IReadOnlyList<TrainingRecord>> ReadAllAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        HashSet<string> columns;
        try
        {
            var schema = await ParquetReader.ReadSchemaAsync(buffer).ConfigureAwait(false);
            columns = schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Not a readable Parquet file: {e.Message}", e);
        }

        if (!columns.Contains("id") || !columns.Contains("provenance") || !columns.Contains("record_label"))
        {
            throw new InvalidDataException($"This Parquet file was not written by a Rethink export (columns: {string.Join(", ", columns.Order(StringComparer.Ordinal))}).");
        }

        buffer.Position = 0;
        if (columns.Contains("messages"))
        {
            var rows = await ParquetSerializer.DeserializeAsync<MessagesRow>(buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            return rows.Data.Select(r =>
            {
                var messages = ParquetMessage.To(r.Messages);
                return new TrainingRecord
                {
                    Id = r.Id ?? string.Empty, Kind = r.Kind ?? string.Empty, Label = r.RecordLabel,
                    Prompt = messages.Take(r.PromptSize).ToList(), Completion = messages.Skip(r.PromptSize).ToList(),
                    Details = r.Details?.To() ?? RecordDetails.None, Provenance = Provenance(r.Provenance, r.Id),
                };
            }).ToList();
        }

        if (columns.Contains("chosen"))
        {
            var rows = await ParquetSerializer.DeserializeAsync<PreferenceRow>(buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            return rows.Data.Select(r => new TrainingRecord
            {
                Id = r.Id ?? string.Empty, Kind = r.Kind ?? string.Empty, Label = r.RecordLabel,
                Prompt = ParquetMessage.To(r.Prompt), Chosen = ParquetMessage.To(r.Chosen), Rejected = ParquetMessage.To(r.Rejected),
                Details = r.Details?.To() ?? RecordDetails.None, Provenance = Provenance(r.Provenance, r.Id),
                RejectedProvenance = r.RejectedProvenance?.To(),
            }).ToList();
        }

        if (columns.Contains("label"))
        {
            var rows = await ParquetSerializer.DeserializeAsync<UnpairedRow>(buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            return rows.Data.Select(r => new TrainingRecord
            {
                Id = r.Id ?? string.Empty, Kind = r.Kind ?? string.Empty, Label = r.RecordLabel,
                Prompt = ParquetMessage.To(r.Prompt), Completion = ParquetMessage.To(r.Completion),
                Details = r.Details?.To() ?? RecordDetails.None, Provenance = Provenance(r.Provenance, r.Id),
            }).ToList();
        }

        var pcRows = await ParquetSerializer.DeserializeAsync<PromptCompletionRow>(buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
        return pcRows.Data.Select(r => new TrainingRecord
        {
            Id = r.Id ?? string.Empty, Kind = r.Kind ?? string.Empty, Label = r.RecordLabel,
            Prompt = ParquetMessage.To(r.Prompt), Completion = ParquetMessage.To(r.Completion),
            Details = r.Details?.To() ?? RecordDetails.None, Provenance = Provenance(r.Provenance, r.Id),
        }).ToList();
    }

    private static RecordProvenance Provenance(ParquetProvenance? p, string? id) =>
        p?.To() ?? throw new InvalidDataException($"Row {id} has no provenance.");
}
