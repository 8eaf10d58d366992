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
public sealed class CodeSamplesReader : ResponseRecordReader
{
    /// <summary>Creates a reader; the error policy and the limits on lines and samples apply (not the id policy).</summary>
    public CodeSamplesReader(DatasetReadOptions? options = null)
        : base(options)
    {
    }

    private protected override Func<JsonElement, int, ResponseRecord> NewConverter(IReadOnlySet<string>? knownIds)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        return (item, line) => Convert(item, line, knownIds, counts, Options.MaxSamplesPerProblem);
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
