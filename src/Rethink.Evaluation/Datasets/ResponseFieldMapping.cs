namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Where a response log in another shape keeps its answers: the id field, and the field of one model's answer as a
/// dotted path (<c>solution.text</c>; a string is one answer, an array of strings the answers turn by turn). A file
/// with several model columns is read once per column, each column a source of its own. Immutable.
/// </summary>
/// <param name="ResponseField">The dotted path of the answer field.</param>
public sealed record ResponseFieldMapping(string ResponseField)
{
    /// <summary>The top-level field holding the problem id.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>The source label the answers get (the strategy column of the report); default: the path.</summary>
    public string? Source { get; init; }

    /// <summary>The path, split at its dots; each segment must be non-empty.</summary>
    public IReadOnlyList<string> Path =>
        ResponseField.Split('.') is { } parts && parts.All(p => p.Length > 0)
            ? parts
            : throw new ArgumentException($"response field '{ResponseField}' must be a dotted path of non-empty names, e.g. solution.text", nameof(ResponseField));
}
