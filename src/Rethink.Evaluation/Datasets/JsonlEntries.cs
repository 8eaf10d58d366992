using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>The line loop shared by the readers: raw lines to JSON objects to items, every failure as a <see cref="DatasetError"/>.</summary>
internal static class JsonlEntries
{
    /// <summary>
    /// One entry per non-blank line. <paramref name="convert"/> receives the object and the line number and reports
    /// a bad field by throwing <see cref="DatasetFieldException"/>.
    /// </summary>
    public static IEnumerable<DatasetEntry<T>> Read<T>(
        Stream stream,
        string file,
        DatasetReadOptions options,
        Func<JsonElement, int, T> convert,
        CancellationToken cancellationToken)
        where T : class
    {
        foreach (var raw in JsonlLineReader.Read(stream, options.MaxLineBytes, cancellationToken))
        {
            if (raw.Error is not null)
            {
                yield return new DatasetEntry<T>(raw.Number, null, new DatasetError(file, raw.Number, null, raw.Error));
                continue;
            }

            if (string.IsNullOrWhiteSpace(raw.Text))
            {
                continue;
            }

            yield return Convert(raw.Text, raw.Number, file, convert);
        }
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

    private static DatasetEntry<T> Convert<T>(string text, int line, string file, Func<JsonElement, int, T> convert)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, JsonlLineReader.DocumentOptions);
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
