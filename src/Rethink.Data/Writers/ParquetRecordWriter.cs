using Parquet;
using Parquet.Serialization;

namespace Rethink.Data;

/// <summary>
/// Parquet laid out as the Hugging Face datasets library and TRL read it, one dataset type per kind (the same mapping
/// as <see cref="TrlWriter"/>): sft → <c>messages</c>; correction → <c>prompt</c>, <c>completion</c>; preference →
/// <c>prompt</c>, <c>chosen</c>, <c>rejected</c>; critique and judgement → <c>prompt</c>, <c>completion</c>,
/// <c>label</c> (boolean agreement with gold, null without gold). Message columns are list&lt;struct&lt;role: string,
/// content: string&gt;&gt;. Every file also has <c>id</c>, <c>kind</c>, <c>record_label</c> (the record's
/// <see cref="TrainingRecord.Label"/>), <c>details</c> and <c>provenance</c> structs (and <c>rejected_provenance</c>
/// for preference; <c>prompt_size</c>, the prompt's message count, for sft), so <see cref="ParquetRecordReader"/>
/// reads every record back unchanged. One row group, Snappy. Refused: several kinds in one file. Immutable and thread-safe.
/// </summary>
public sealed class ParquetRecordWriter : IRecordWriter
{
    /// <inheritdoc />
    public string Format => ExportFormat.Parquet;

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<TrainingRecord> records, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(destination);
        var kind = JsonLines.SingleKind(records, Format);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, RowGroupSize = Math.Max(1, records.Count) };

        // The writer seeks while it writes; a memory buffer lets any destination stream (a pipe, stdout) take the file.
        using var buffer = new MemoryStream();
        switch (kind)
        {
            case ExportKind.Preference:
                await ParquetSerializer.SerializeAsync(records.Select(r => new PreferenceRow
                {
                    Id = r.Id, Kind = r.Kind, RecordLabel = r.Label,
                    Prompt = ParquetMessage.From(r.Prompt), Chosen = ParquetMessage.From(r.Chosen), Rejected = ParquetMessage.From(r.Rejected),
                    Details = ParquetDetails.From(r.Details), Provenance = ParquetProvenance.From(r.Provenance),
                    RejectedProvenance = ParquetProvenance.From(r.RejectedProvenance ?? r.Provenance),
                }).ToList(), buffer, options, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case ExportKind.Correction:
                await ParquetSerializer.SerializeAsync(records.Select(r => new PromptCompletionRow
                {
                    Id = r.Id, Kind = r.Kind, RecordLabel = r.Label,
                    Prompt = ParquetMessage.From(r.Prompt), Completion = ParquetMessage.From(r.Completion),
                    Details = ParquetDetails.From(r.Details), Provenance = ParquetProvenance.From(r.Provenance),
                }).ToList(), buffer, options, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case ExportKind.Critique or ExportKind.Judgement:
                await ParquetSerializer.SerializeAsync(records.Select(r => new UnpairedRow
                {
                    Id = r.Id, Kind = r.Kind, RecordLabel = r.Label,
                    Prompt = ParquetMessage.From(r.Prompt), Completion = ParquetMessage.From(r.Completion), Label = r.Details.Agrees,
                    Details = ParquetDetails.From(r.Details), Provenance = ParquetProvenance.From(r.Provenance),
                }).ToList(), buffer, options, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            default:
                // sft, and an empty export (which has no kind): the language-modeling layout.
                await ParquetSerializer.SerializeAsync(records.Select(r => new MessagesRow
                {
                    Id = r.Id, Kind = r.Kind, RecordLabel = r.Label,
                    Messages = ParquetMessage.From(r.Prompt.Concat(r.Completion ?? [])), PromptSize = r.Prompt.Count,
                    Details = ParquetDetails.From(r.Details), Provenance = ParquetProvenance.From(r.Provenance),
                }).ToList(), buffer, options, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
