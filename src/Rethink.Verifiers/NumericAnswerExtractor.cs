using System.Text.RegularExpressions;
using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Finds the final number in a response. Rules, first match wins:
/// <list type="number">
/// <item>the text after the last GSM8K <c>#### </c> marker (the whole line when it reads as one number with optional
/// currency, percent sign and unit words, else its first number, else the raw text, which then fails to parse: an
/// explicit marker is never second-guessed by looking elsewhere);</item>
/// <item>the content of the last <c>\boxed{...}</c> with nested braces (raw content when it is not a number, so
/// <c>\boxed{\sqrt{2}}</c> stays text);</item>
/// <item>the last "the answer is X" / "Answer: X" / "final answer = X" phrase followed by a number in the same
/// sentence (up to a '.', '!', '?' or ';' followed by a space or the end of the line): the first number after the
/// last '=' in that sentence if there is one (so "the answer is 3 + 4 = 7" gives 7), else the first number after the
/// phrase;</item>
/// <item>the last number anywhere in the text.</item>
/// </list>
/// <see cref="Normalize"/> gives the canonical value ("1,000", "1000" and "1e3" all give "1000"; "0.5", "1/2" and
/// "\frac{1}{2}" all give "0.5"; "1/3" stays "1/3"); a percent sign is dropped, so "25%" votes with "25" (not with
/// "0.25"). Text that is not a number is normalised by removing whitespace and LaTeX spacing. Pure and thread-safe.
/// </summary>
public sealed partial class NumericAnswerExtractor : IAnswerExtractor
{
    /// <summary>Shared instance (stateless).</summary>
    public static NumericAnswerExtractor Instance { get; } = new();

    /// <inheritdoc />
    public string? Extract(string response) => Analyze(response).Answer;

    /// <summary>The answer and the rule that found it (see the class remarks for the order of the rules).</summary>
    public AnswerExtraction Analyze(string response)
    {
        ArgumentNullException.ThrowIfNull(response);

        var marker = AnswerPatterns.Gsm8kMarker().Matches(response);
        if (marker.Count > 0)
        {
            var rest = marker[^1].Groups["rest"].Value.Trim();
            if (rest.Length > 0)
            {
                var answer = NumericParser.TryParse(rest, out _) ? rest : NumericParser.FirstNumber(rest) ?? rest;
                return new AnswerExtraction(answer, ExtractionMethods.Gsm8kMarker);
            }
        }

        var boxed = LatexText.LastBoxed(response)?.Trim();
        if (!string.IsNullOrEmpty(boxed))
        {
            return new AnswerExtraction(boxed, ExtractionMethods.Boxed);
        }

        var phrases = AnswerPatterns.AnswerPhrase().Matches(response);
        for (var i = phrases.Count - 1; i >= 0; i--)
        {
            var rest = SentenceEnd().Split(phrases[i].Groups["rest"].Value, 2)[0];
            var eq = rest.LastIndexOf('=');
            var answer = (eq >= 0 ? NumericParser.FirstNumber(rest[(eq + 1)..]) : null) ?? NumericParser.FirstNumber(rest);
            if (answer is not null)
            {
                return new AnswerExtraction(answer, ExtractionMethods.AnswerPhrase);
            }
        }

        var numbers = NumericParser.FindNumbers(response);
        return numbers.Count > 0 ? new AnswerExtraction(numbers[^1], ExtractionMethods.LastNumber) : AnswerExtraction.None;
    }

    /// <inheritdoc />
    public string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return NumericParser.TryParse(answer, out var value) ? value.Value.ToString() : LatexText.NormalizeText(answer);
    }

    [GeneratedRegex(@"[.!?;](?:\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}
