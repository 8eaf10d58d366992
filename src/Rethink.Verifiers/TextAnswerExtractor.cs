using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Finds a free-text final answer (for exact-match and regex problems). Rules, first match wins: the text after the
/// last GSM8K <c>#### </c> marker; the content of the last <c>\boxed{...}</c> (with <c>\text{...}</c> unwrapped);
/// the rest of the line after the last "the answer is" / "Answer:" phrase; the last non-empty line. Surrounding
/// whitespace, Markdown emphasis marks and one trailing period are removed. <see cref="Normalize"/> applies
/// <see cref="TextNormalizer"/> (SQuAD rules). Pure and thread-safe.
/// </summary>
public sealed class TextAnswerExtractor : IAnswerExtractor
{
    /// <summary>Shared instance (stateless).</summary>
    public static TextAnswerExtractor Instance { get; } = new();

    /// <inheritdoc />
    public string? Extract(string response) => Analyze(response).Answer;

    /// <summary>The answer and the rule that found it.</summary>
    public AnswerExtraction Analyze(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return FinalAnswerText.Analyze(response);
    }

    /// <inheritdoc />
    public string Normalize(string answer) => TextNormalizer.Normalize(answer);
}
