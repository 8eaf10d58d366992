using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// The built-in dataset formats by name: <c>gsm8k</c>, <c>math</c>, <c>mc</c>, <c>jsonl</c> (generic, with a field mapping),
/// and the code formats <c>humaneval</c> and <c>mbpp</c>.
/// </summary>
public static class DatasetFormats
{
    /// <summary>The known format names, in the order help text lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gsm8k", "math", "mc", "jsonl", "humaneval", "mbpp"];

    /// <summary>The names of the formats whose problems are code, scored by running their tests.</summary>
    public static IReadOnlyList<string> CodeNames { get; } = Names.Where(n => Get(n).Kind == AnswerKind.Code).ToList();

    /// <summary>True when <paramref name="name"/> names a code format (case-insensitive; unknown names are not).</summary>
    public static bool IsCode(string? name) => name is not null && CodeNames.Contains(name.Trim().ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>
    /// The format called <paramref name="name"/> (case-insensitive). <paramref name="mapping"/> configures
    /// <c>jsonl</c>; for <c>gsm8k</c>, <c>math</c> and <c>mc</c> only its <see cref="FieldMapping.IdField"/> is used; the code
    /// formats always read <c>task_id</c>.
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
            "humaneval" => new HumanEvalFormat(),
            "mbpp" => new MbppFormat(),
            _ => throw new ArgumentException($"Unknown dataset format '{name}'. Known formats: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
