using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>The line loop shared by the readers: raw lines to JSON objects to items, every failure as a <see cref="DatasetError"/>.</summary>
internal static class JsonlEntries
{
    /// <summary>
    /// One entry per non-blank line. <paramref name="convert"/> receives the object and the line number and reports
    /// a bad field by throwing <see cref="DatasetFieldException"/>. A line over the length limit throws
    /// <see cref="DatasetException"/> whatever the error policy: the reader stopped inside it, so nothing after it
    /// can be read, and skipping it would silently drop the rest of the file.
    /// </summary>
    public static IEnumerable<DatasetEntry<T>> Read<T>(
        Stream stream,
        string file,
        DatasetReadOptions options,
        Func<JsonElement, int, T> convert,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxTurnsPerLine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSamplesPerProblem);
        return Lines(JsonlLineReader.Read(stream, options.MaxLineBytes, cancellationToken), file, convert);
    }

    /// <summary>Applies <paramref name="policy"/>: the items, throwing at the first error (Stop) or collecting errors (Skip).</summary>
    public static IEnumerable<T> Apply<T>(IEnumerable<DatasetEntry<T>> entries, DatasetErrorPolicy policy, ICollection<DatasetError>? errors)
        where T : class
    {
        foreach (var entry in entries)
        {
            if (entry.Error is { } error)
            {
                if (policy == DatasetErrorPolicy.Stop)
                {
                    throw new DatasetException(error);
                }

                errors?.Add(error);
                continue;
            }

            yield return entry.Item!;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for one sequential read that other readers may share; a name ending in <c>.gz</c>
    /// is decompressed as it streams (HumanEval ships <c>HumanEval.jsonl.gz</c>).
    /// </summary>
    public static Stream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress, leaveOpen: false)
            : file;
    }

    private static IEnumerable<DatasetEntry<T>> Lines<T>(IEnumerable<JsonlLine> lines, string file, Func<JsonElement, int, T> convert)
        where T : class
    {
        foreach (var raw in lines)
        {
            if (raw.Error is not null)
            {
                var error = new DatasetError(file, raw.Number, null, raw.Error);
                if (raw.EndsRead)
                {
                    throw new DatasetException(error);
                }

                yield return new DatasetEntry<T>(raw.Number, null, error);
                continue;
            }

            if (JsonlLineReader.IsBlank(raw.Utf8.Span))
            {
                continue;
            }

            yield return Convert(raw.Utf8, raw.Number, file, convert);
        }
    }

    private static DatasetEntry<T> Convert<T>(ReadOnlyMemory<byte> utf8, int line, string file, Func<JsonElement, int, T> convert)
        where T : class
    {
        // Parsed from the line's bytes in place: a copy as a string would double what one long line costs.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, JsonlLineReader.DocumentOptions);
        }
        catch (JsonException e)
        {
            return new DatasetEntry<T>(line, null, new DatasetError(file, line, null, $"invalid JSON: {e.Message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new DatasetEntry<T>(line, null, new DatasetError(file, line, null, $"expected a JSON object, found {JsonFields.Describe(document.RootElement.ValueKind)}"));
            }

            try
            {
                return new DatasetEntry<T>(line, convert(document.RootElement, line), null);
            }
            catch (DatasetFieldException e)
            {
                return new DatasetEntry<T>(line, null, new DatasetError(file, line, e.Field, e.Message));
            }
        }
    }
}
