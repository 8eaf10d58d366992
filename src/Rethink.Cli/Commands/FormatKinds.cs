using Rethink.Core;

namespace Rethink.Cli.Commands;

/// <summary>The answer kind behind each <c>--format</c> name, for commands that have no dataset (<c>ask</c>).</summary>
internal static class FormatKinds
{
    public static IReadOnlyList<string> Names { get; } = ["gsm8k", "math", "mc", "jsonl"];

    public static AnswerKind? KindOf(string format) => format.ToLowerInvariant() switch
    {
        "gsm8k" or "math" => AnswerKind.Numeric,
        "mc" => AnswerKind.Choice,
        "jsonl" => null,
        _ => throw CliException.Usage($"unknown format '{format}'; supported: {string.Join(", ", Names)}"),
    };
}
