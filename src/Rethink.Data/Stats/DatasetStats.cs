using System.Text;
using System.Text.Json;
using Rethink.Core;

namespace Rethink.Data;

/// <summary>
/// Statistics of an exported file in any of our formats (what <c>rethink data stats FILE</c> prints): the format is
/// recognised from the content (Parquet magic bytes, else the keys of the first JSONL line), records are read back
/// (fully for jsonl and parquet), and counts, lengths, label balance and the provenance breakdown are computed. A file
/// that is no known format throws <see cref="InvalidDataException"/> naming the line. Stateless and thread-safe.
/// </summary>
public static class DatasetStats
{
    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();

    /// <summary>The statistics of the file at <paramref name="path"/>.</summary>
    public static async Task<DatasetStatistics> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await ComputeAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The statistics of the file in <paramref name="source"/> (read to its end; left open).</summary>
    public static async Task<DatasetStatistics> ComputeAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        if (bytes.Length >= 4 && bytes.AsSpan(0, 4).SequenceEqual(ParquetMagic))
        {
            using var parquet = new MemoryStream(bytes, writable: false);
            return Compute(await ParquetRecordReader.ReadAllAsync(parquet, cancellationToken).ConfigureAwait(false), ExportFormat.Parquet);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("The file is neither Parquet nor UTF-8 text.", e);
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FindIndex(l => l.Length > 0);
        if (first < 0)
        {
            return Summarise("empty", hasProvenance: false, []);
        }

        var format = Sniff(lines[first], first + 1);
        if (format == ExportFormat.Jsonl)
        {
            var records = lines.Select((line, i) => (line, i)).Where(x => x.line.Length > 0).Select(x => TrainingRecordReader.Parse(x.line, x.i + 1)).ToList();
            return Compute(records, ExportFormat.Jsonl);
        }

        var rows = new List<Row>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length > 0)
            {
                rows.Add(ForeignRow(format, lines[i], i + 1));
            }
        }

        return Summarise(rows.Any(r => r.Weighted) && format == "messages" ? "openai-chat" : format, hasProvenance: false, rows);
    }

    /// <summary>The statistics of <paramref name="records"/>, reported as format <paramref name="format"/>. Pure.</summary>
    public static DatasetStatistics Compute(IEnumerable<TrainingRecord> records, string format)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = records.Select(r => new Row(
            r.Kind,
            r.Label,
            Chars(r.Prompt),
            Chars(r.Completion ?? r.Chosen),
            r.Rejected is null ? null : Chars(r.Rejected),
            r.Provenance,
            Weighted: false)).ToList();
        return Summarise(format, hasProvenance: true, rows);
    }

    private static string Sniff(string line, int number)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Line {number} is not JSON: {e.Message}", e);
        }

        bool Has(string key) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out _);
        return true switch
        {
            _ when Has("schema_version") && Has("provenance") => ExportFormat.Jsonl,
            _ when Has("input") && Has("preferred_output") && Has("non_preferred_output") => "openai-dpo",
            _ when Has("messages") => "messages",
            _ when Has("prompt") && Has("chosen") && Has("rejected") => "trl-preference",
            _ when Has("prompt") && Has("completion") && Has("label") => "trl-unpaired",
            _ when Has("prompt") && Has("completion") => "trl-prompt-completion",
            _ => throw new InvalidDataException($"Line {number} is not a record of a known export format (jsonl, openai, trl)."),
        };
    }

    private static Row ForeignRow(string format, string line, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            switch (format)
            {
                case "openai-dpo":
                    return new Row(ExportKind.Preference, null, Chars(Messages(e.GetProperty("input"), "messages")), Chars(Messages(e, "preferred_output")), Chars(Messages(e, "non_preferred_output")), null, false);
                case "messages":
                    var messages = Messages(e, "messages");
                    var last = messages.FindLastIndex(m => m.Role == MessageRoles.Assistant);
                    var weighted = e.GetProperty("messages").EnumerateArray().Any(m => m.TryGetProperty("weight", out _));
                    return new Row(null, null, Chars(messages.Take(Math.Max(0, last))), Chars(last < 0 ? [] : messages.Skip(last)), null, null, weighted);
                case "trl-preference":
                    return new Row(ExportKind.Preference, null, Chars(Messages(e, "prompt")), Chars(Messages(e, "chosen")), Chars(Messages(e, "rejected")), null, false);
                case "trl-unpaired":
                    var label = e.GetProperty("label");
                    var text = label.ValueKind is JsonValueKind.True or JsonValueKind.False ? (label.GetBoolean() ? "true" : "false") : throw new InvalidDataException("'label' must be a boolean");
                    return new Row(null, text, Chars(Messages(e, "prompt")), Chars(Messages(e, "completion")), null, null, false);
                default:
                    return new Row(null, null, Chars(Messages(e, "prompt")), Chars(Messages(e, "completion")), null, null, false);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"Line {number} is not a {format} record: {ex.Message}", ex);
        }
    }

    private static List<Message> Messages(JsonElement parent, string name) =>
        TrainingRecordJson.ReadMessageArray(parent.GetProperty(name), name).ToList();

    private static int Chars(IEnumerable<Message>? messages) => messages?.Sum(m => m.Text.Length) ?? 0;

    private static DatasetStatistics Summarise(string format, bool hasProvenance, List<Row> rows) => new()
    {
        Format = format,
        Records = rows.Count,
        HasProvenance = hasProvenance,
        Kinds = Count(rows.Select(r => r.Kind ?? "unknown")),
        Labels = Count(rows.Select(r => r.Label ?? "(none)")),
        PromptChars = LengthSummary.Of(rows.Select(r => r.PromptChars)),
        TargetChars = LengthSummary.Of(rows.Select(r => r.TargetChars)),
        RejectedChars = LengthSummary.Of(rows.Where(r => r.RejectedChars is not null).Select(r => r.RejectedChars!.Value)),
        Runs = Count(rows.Where(r => r.Provenance is not null).Select(r => r.Provenance!.RunId)),
        Models = Count(rows.Where(r => r.Provenance is not null).Select(r => r.Provenance!.Model)),
        Strategies = Count(rows.Where(r => r.Provenance is not null).Select(r => r.Provenance!.Strategy)),
    };

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private sealed record Row(string? Kind, string? Label, int PromptChars, int TargetChars, int? RejectedChars, RecordProvenance? Provenance, bool Weighted);
}
