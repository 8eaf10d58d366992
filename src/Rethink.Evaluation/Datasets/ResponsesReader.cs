using System.Globalization;
using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Reads a responses file for <c>rethink score</c>: JSON lines
/// <c>{"id": "p1", "sample"?: 0, "source"? or "strategy"?: "reask", "response": "..."}</c> or with
/// <c>"turns": ["first answer", "second answer"]</c> instead of <c>response</c>. Rules: <c>id</c> is a non-empty string
/// or an integer; <c>sample</c> a non-negative integer (default 0); <c>source</c> and <c>strategy</c> are the same label
/// (both may appear only if equal); exactly one of <c>response</c> (a string) and <c>turns</c> (a non-empty array of
/// strings) is present. A line is rejected, with file, line and field, when it breaks a rule, when its id is not in
/// the dataset's ids (when those are given), when it repeats an (id, sample, source) already read, or when it is over a
/// limit: more than <see cref="DatasetReadOptions.MaxTurnsPerLine"/> turns (rejected before any turn is read) or a
/// <c>sample</c> not below <see cref="DatasetReadOptions.MaxSamplesPerProblem"/>. Streaming and line handling as for
/// <see cref="DatasetReader"/>. Immutable.
/// </summary>
public sealed class ResponsesReader : ResponseRecordReader
{
    private readonly ResponseFieldMapping? _mapping;

    /// <summary>
    /// Creates a reader; the error policy and the limits on lines, turns and samples apply (not the id policy). With
    /// <paramref name="mapping"/> the answers are read from that field instead of <c>response</c>/<c>turns</c>.
    /// </summary>
    public ResponsesReader(DatasetReadOptions? options = null, ResponseFieldMapping? mapping = null)
        : base(options)
    {
        _ = mapping?.Path;
        _mapping = mapping;
    }

    private protected override Func<JsonElement, int, ResponseRecord> NewConverter(IReadOnlySet<string>? knownIds)
    {
        var seen = new Dictionary<(string Id, int Sample, string? Source), int>();
        return _mapping is { } mapping
            ? (item, line) => ConvertMapped(item, line, knownIds, seen, Options, mapping)
            : (item, line) => Convert(item, line, knownIds, seen, Options);
    }

    private static ResponseRecord ConvertMapped(
        JsonElement item, int line, IReadOnlySet<string>? knownIds, Dictionary<(string Id, int Sample, string? Source), int> seen, DatasetReadOptions options, ResponseFieldMapping mapping)
    {
        var id = JsonFields.Id(item, mapping.IdField);
        if (id.Length == 0)
        {
            throw new DatasetFieldException(mapping.IdField, "the field is missing");
        }

        var value = item;
        foreach (var name in mapping.Path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                throw new DatasetFieldException(mapping.ResponseField, "the field is missing");
            }
        }

        IReadOnlyList<string> turns = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.GetArrayLength() > options.MaxTurnsPerLine => throw new DatasetFieldException(
                mapping.ResponseField, string.Create(CultureInfo.InvariantCulture, $"{value.GetArrayLength()} turns, more than the limit of {options.MaxTurnsPerLine} per line")),
            JsonValueKind.Array when value.GetArrayLength() > 0 && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                value.EnumerateArray().Select(e => e.GetString()!).ToList(),
            _ => throw new DatasetFieldException(mapping.ResponseField, $"expected a string or a non-empty array of strings, found {value.ValueKind.ToString().ToLowerInvariant()}"),
        };
        var sample = 0;
        if (item.TryGetProperty("sample", out var sampleValue) && sampleValue.ValueKind != JsonValueKind.Null
            && (!sampleValue.TryGetInt32(out sample) || sample < 0 || sample >= options.MaxSamplesPerProblem))
        {
            throw new DatasetFieldException("sample", $"expected an integer from 0 below {options.MaxSamplesPerProblem.ToString(CultureInfo.InvariantCulture)}, found {sampleValue.GetRawText()}");
        }

        if (knownIds is not null && !knownIds.Contains(id))
        {
            throw new DatasetFieldException(mapping.IdField, $"no problem with id '{id}' in the dataset");
        }

        var source = mapping.Source ?? mapping.ResponseField;
        if (seen.TryGetValue((id, sample, source), out var first))
        {
            throw new DatasetFieldException(
                mapping.IdField, string.Create(CultureInfo.InvariantCulture, $"duplicate response for id '{id}', sample {sample} (first on line {first})"));
        }

        seen[(id, sample, source)] = line;
        return new ResponseRecord(id, sample, source, turns, line);
    }

    private static ResponseRecord Convert(
        JsonElement item, int line, IReadOnlySet<string>? knownIds, Dictionary<(string Id, int Sample, string? Source), int> seen, DatasetReadOptions options)
    {
        var id = JsonFields.Id(item, "id");
        if (id.Length == 0)
        {
            throw new DatasetFieldException("id", "the field is missing");
        }

        var sample = 0;
        if (item.TryGetProperty("sample", out var sampleValue) && sampleValue.ValueKind != JsonValueKind.Null)
        {
            if (sampleValue.ValueKind != JsonValueKind.Number || !sampleValue.TryGetInt32(out sample) || sample < 0)
            {
                throw new DatasetFieldException("sample", $"expected a non-negative integer, found {sampleValue.GetRawText()}");
            }

            if (sample >= options.MaxSamplesPerProblem)
            {
                throw new DatasetFieldException(
                    "sample",
                    string.Create(CultureInfo.InvariantCulture, $"sample {sample} is past the limit of {options.MaxSamplesPerProblem} samples per problem (samples are numbered from 0)"));
            }
        }

        var source = JsonFields.OptionalText(item, "source");
        var strategy = JsonFields.OptionalText(item, "strategy");
        if (source is not null && strategy is not null && !string.Equals(source, strategy, StringComparison.Ordinal))
        {
            throw new DatasetFieldException("strategy", $"\"strategy\" (\"{strategy}\") and \"source\" (\"{source}\") name the same label and must agree");
        }

        source ??= strategy;
        var hasResponse = JsonFields.Has(item, "response");
        var hasTurns = JsonFields.Has(item, "turns");
        if (hasResponse && hasTurns)
        {
            throw new DatasetFieldException("turns", "give either \"response\" or \"turns\", not both");
        }

        IReadOnlyList<string> turns;
        if (hasTurns)
        {
            var limit = options.MaxTurnsPerLine;
            turns = JsonFields.OptionalTextArray(
                item, "turns", limit, count => string.Create(CultureInfo.InvariantCulture, $"{count} turns, more than the limit of {limit} per line"))!;
            if (turns.Count == 0)
            {
                throw new DatasetFieldException("turns", "the array is empty");
            }
        }
        else if (hasResponse)
        {
            turns = [JsonFields.OptionalText(item, "response")!];
        }
        else
        {
            throw new DatasetFieldException("response", "the field is missing (give \"response\" or \"turns\")");
        }

        if (knownIds is not null && !knownIds.Contains(id))
        {
            throw new DatasetFieldException("id", $"no problem with id '{id}' in the dataset");
        }

        if (seen.TryGetValue((id, sample, source), out var first))
        {
            throw new DatasetFieldException(
                "id",
                string.Create(CultureInfo.InvariantCulture, $"duplicate response for id '{id}', sample {sample}{(source is null ? string.Empty : $", source '{source}'")} (first on line {first})"));
        }

        seen[(id, sample, source)] = line;
        return new ResponseRecord(id, sample, source, turns, line);
    }
}
