using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Reads HumanEval's samples format for <c>rethink score --format humaneval|mbpp</c>: JSON lines
/// <c>{"task_id": "HumanEval/0", "completion": "..."}</c>, any number per task (pass@k needs n of them). The i-th line of
/// a task is its sample i (0-based, in file order). Rules: <c>task_id</c> is a non-empty string or an integer;
/// <c>completion</c> is a string (it may be empty: an empty sample is scored, as no code); other fields (for example the
/// <c>result</c> and <c>passed</c> an earlier evaluation added) are ignored. A line is rejected, with file, line and
/// field, when it breaks a rule, names a task that is not in the dataset (when the dataset's ids are given), or would be
/// a task's sample past <see cref="DatasetReadOptions.MaxSamplesPerProblem"/>. Streaming and line handling as for
/// <see cref="DatasetReader"/>. Immutable.
/// </summary>
public sealed class CodeSamplesReader
{
    /// <summary>Creates a reader; the error policy and the limits on lines and samples apply (not the id policy).</summary>
    public CodeSamplesReader(DatasetReadOptions? options = null)
    {
        Options = options ?? new DatasetReadOptions();
    }

    /// <summary>Error policy and limits.</summary>
    public DatasetReadOptions Options { get; }

    /// <summary>Every non-blank line as a record (one turn: the completion) or an error, in file order.</summary>
    public IEnumerable<DatasetEntry<ResponseRecord>> ReadEntries(string path, IReadOnlySet<string>? knownIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Opened(path, knownIds, cancellationToken);
    }

    /// <summary>As <see cref="ReadEntries(string, IReadOnlySet{string}?, CancellationToken)"/> over <paramref name="stream"/> (not disposed).</summary>
    public IEnumerable<DatasetEntry<ResponseRecord>> ReadEntries(Stream stream, string file, IReadOnlySet<string>? knownIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        return JsonlEntries.Read(stream, file, Options, (item, line) => Convert(item, line, knownIds, counts, Options.MaxSamplesPerProblem), cancellationToken);
    }

    /// <summary>Reads the whole file: records and (under Skip) errors. Under Stop, throws <see cref="DatasetException"/> at the first error.</summary>
    public DatasetLoadResult<ResponseRecord> Load(string path, IReadOnlySet<string>? knownIds = null, CancellationToken cancellationToken = default)
    {
        var errors = new List<DatasetError>();
        var records = JsonlEntries.Apply(ReadEntries(path, knownIds, cancellationToken), Options.ErrorPolicy, errors).ToList();
        return new DatasetLoadResult<ResponseRecord>(records, errors);
    }

    private IEnumerable<DatasetEntry<ResponseRecord>> Opened(string path, IReadOnlySet<string>? knownIds, CancellationToken cancellationToken)
    {
        using var stream = JsonlEntries.Open(path);
        foreach (var entry in ReadEntries(stream, path, knownIds, cancellationToken))
        {
            yield return entry;
        }
    }

    private static ResponseRecord Convert(JsonElement item, int line, IReadOnlySet<string>? knownIds, Dictionary<string, int> counts, int maxSamples)
    {
        var id = JsonFields.Id(item, "task_id");
        if (id.Length == 0)
        {
            throw new DatasetFieldException("task_id", "the field is missing");
        }

        if (!item.TryGetProperty("completion", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new DatasetFieldException("completion", "the field is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new DatasetFieldException("completion", $"expected a string, found {JsonFields.Describe(value.ValueKind)}");
        }

        if (knownIds is not null && !knownIds.Contains(id))
        {
            throw new DatasetFieldException("task_id", $"no problem with task_id '{id}' in the dataset");
        }

        counts.TryGetValue(id, out var sample);
        if (sample >= maxSamples)
        {
            throw new DatasetFieldException(
                "task_id",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"task '{id}' already has {maxSamples} samples, the limit per task"));
        }

        counts[id] = sample + 1;
        return new ResponseRecord(id, sample, null, [value.GetString()!], line);
    }
}
