namespace Rethink.Evaluation.Datasets;

/// <summary>The built-in dataset formats by name: <c>gsm8k</c>, <c>math</c>, <c>mc</c> and <c>jsonl</c> (generic, with a field mapping).</summary>
public static class DatasetFormats
{
    /// <summary>The known format names, in the order help text lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gsm8k", "math", "mc", "jsonl"];

    /// <summary>
    /// The format called <paramref name="name"/> (case-insensitive). <paramref name="mapping"/> configures
    /// <c>jsonl</c>; for the others only its <see cref="FieldMapping.IdField"/> is used.
    /// </summary>
    /// <exception cref="ArgumentException">When the name is unknown; the message lists the known formats.</exception>
    public static IDatasetFormat Get(string name, FieldMapping? mapping = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var idField = mapping?.IdField ?? "id";
        return name.Trim().ToLowerInvariant() switch
        {
            "gsm8k" => new Gsm8kFormat(idField),
            "math" => new MathFormat(idField),
            "mc" => new MultipleChoiceFormat(idField),
            "jsonl" => new JsonlFormat(mapping),
            _ => throw new ArgumentException($"Unknown dataset format '{name}'. Known formats: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
