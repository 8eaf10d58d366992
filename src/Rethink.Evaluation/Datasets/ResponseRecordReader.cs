using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// The reading loop of the files <c>rethink score</c> scores (<see cref="ResponsesReader"/>,
/// <see cref="CodeSamplesReader"/>): JSON lines to <see cref="ResponseRecord"/> entries, streamed and with line handling
/// as for <see cref="DatasetReader"/>, through a line converter each reader makes afresh for every read (so per-file
/// state such as the samples counted per task never leaks between reads). Only this assembly derives from it.
/// Immutable; each enumeration opens the file afresh and may run concurrently with others.
/// </summary>
public abstract class ResponseRecordReader
{
    private protected ResponseRecordReader(DatasetReadOptions? options)
    {
        Options = options ?? new DatasetReadOptions();
    }

    /// <summary>Error policy and limits (the id policy does not apply).</summary>
    public DatasetReadOptions Options { get; }

    /// <summary>
    /// Every non-blank line of the file at <paramref name="path"/> as a record or an error, in file order;
    /// <paramref name="knownIds"/> (when given) are the dataset's problem ids. Lazy: the file is opened when enumeration
    /// starts.
    /// </summary>
    public IEnumerable<DatasetEntry<ResponseRecord>> ReadEntries(string path, IReadOnlySet<string>? knownIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Opened(path, knownIds, cancellationToken);
    }

    /// <summary>As <see cref="ReadEntries(string, IReadOnlySet{string}?, CancellationToken)"/> over <paramref name="stream"/> (not disposed), reporting errors against <paramref name="file"/>.</summary>
    public IEnumerable<DatasetEntry<ResponseRecord>> ReadEntries(Stream stream, string file, IReadOnlySet<string>? knownIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        return JsonlEntries.Read(stream, file, Options, NewConverter(knownIds), cancellationToken);
    }

    /// <summary>The records in file order under the reader's error policy (see <see cref="DatasetReader.ReadProblems"/>).</summary>
    public IEnumerable<ResponseRecord> ReadResponses(string path, IReadOnlySet<string>? knownIds = null, ICollection<DatasetError>? errors = null, CancellationToken cancellationToken = default) =>
        JsonlEntries.Apply(ReadEntries(path, knownIds, cancellationToken), Options.ErrorPolicy, errors);

    /// <summary>Reads the whole file: records and (under Skip) errors. Under Stop, throws <see cref="DatasetException"/> at the first error.</summary>
    public DatasetLoadResult<ResponseRecord> Load(string path, IReadOnlySet<string>? knownIds = null, CancellationToken cancellationToken = default)
    {
        var errors = new List<DatasetError>();
        var records = ReadResponses(path, knownIds, errors, cancellationToken).ToList();
        return new DatasetLoadResult<ResponseRecord>(records, errors);
    }

    /// <summary>
    /// The converter of one read: a JSON object and its line number to a record, a bad field reported by throwing
    /// <see cref="DatasetFieldException"/>.
    /// </summary>
    private protected abstract Func<JsonElement, int, ResponseRecord> NewConverter(IReadOnlySet<string>? knownIds);

    private IEnumerable<DatasetEntry<ResponseRecord>> Opened(string path, IReadOnlySet<string>? knownIds, CancellationToken cancellationToken)
    {
        using var stream = JsonlEntries.Open(path);
        foreach (var entry in ReadEntries(stream, path, knownIds, cancellationToken))
        {
            yield return entry;
        }
    }
}
