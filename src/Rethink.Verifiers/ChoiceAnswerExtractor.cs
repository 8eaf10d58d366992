using System.Text.RegularExpressions;
using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Finds the option letter (A to J) a response chooses. Rules, in order; the first rule that finds anything decides,
/// and when it finds several distinct letters the response is refused as <see cref="ExtractionMethods.Ambiguous"/>
/// rather than guessed:
/// <list type="number">
/// <item>an answer phrase: "the answer is (B)", "Answer: B", "answer: **B**", "final answer = C", "option D",
/// "choice E". Lower-case letters count only when nothing but punctuation follows ("the answer is b."), so
/// "the answer is a bit tricky" asserts nothing;</item>
/// <item>a letter in the last <c>\boxed{...}</c>, or the boxed text matching an option;</item>
/// <item>when the options are known (<see cref="Choices"/>): the whole response, or the text after an answer phrase,
/// equal to one option's text after <see cref="TextNormalizer"/> normalisation;</item>
/// <item>upper-case letter markers: "(B)", "B)", "**B**", a line that starts with "B." or "B:" or holds only the
/// letter. A capital letter in running text ("A train leaves...") is never a marker.</item>
/// </list>
/// <see cref="Normalize"/> gives the upper-case letter, or the normalised text for anything that is not a letter.
/// Pure and thread-safe.
/// </summary>
public sealed partial class ChoiceAnswerExtractor : IAnswerExtractor
{
    private readonly string[] _normalizedChoices;

    /// <summary>Creates an extractor; pass the options (in letter order) to enable matching an option's text.</summary>
    public ChoiceAnswerExtractor(IReadOnlyList<string>? choices = null)
    {
        Choices = choices ?? [];
        _normalizedChoices = Choices.Select(TextNormalizer.Normalize).ToArray();
    }

    /// <summary>Shared instance without options (letters only).</summary>
    public static ChoiceAnswerExtractor Instance { get; } = new();

    /// <summary>The options in letter order (empty when unknown).</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <inheritdoc />
    public string? Extract(string response) => Analyze(response).Answer;

    /// <summary>The chosen letter and the rule that found it, or the distinct letters when ambiguous.</summary>
    public AnswerExtraction Analyze(string response)
    {
        ArgumentNullException.ThrowIfNull(response);

        var phrases = AnswerPhrase().Matches(response);
        var phraseLetters = phrases.Select(m => char.ToUpperInvariant(m.Groups["letter"].Value[0])).ToList();
        var decided = Decide(phraseLetters, ExtractionMethods.AnswerPhrase);
        if (decided is not null)
        {
            return decided;
        }

        var boxed = LatexText.LastBoxed(response);
        if (boxed is not null)
        {
            var letter = ChoiceLetters.TryParse(boxed);
            if (letter is not null)
            {
                return new AnswerExtraction(letter.Value.ToString(), ExtractionMethods.Boxed);
            }

            decided = Decide(MatchChoiceText(boxed), ExtractionMethods.Boxed);
            if (decided is not null)
            {
                return decided;
            }
        }

        if (_normalizedChoices.Length > 0)
        {
            var texts = new List<char>(MatchChoiceText(response));
            foreach (Match m in AnswerRest().Matches(response))
            {
                texts.AddRange(MatchChoiceText(m.Groups["rest"].Value));
            }

            decided = Decide(texts, ExtractionMethods.ChoiceText);
            if (decided is not null)
            {
                return decided;
            }
        }

        var markers = LetterMarker().Matches(response)
            .Select(m => m.Groups.Values.Skip(1).First(g => g.Success).Value[0])
            .ToList();
        return Decide(markers, ExtractionMethods.LetterMarker) ?? AnswerExtraction.None;
    }

    /// <inheritdoc />
    public string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return ChoiceLetters.TryParse(answer) is { } letter ? letter.ToString() : TextNormalizer.Normalize(answer);
    }

    private List<char> MatchChoiceText(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        var letters = new List<char>();
        if (normalized.Length == 0)
        {
            return letters;
        }

        for (var i = 0; i < _normalizedChoices.Length && i < ChoiceLetters.MaxOptions; i++)
        {
            if (string.Equals(_normalizedChoices[i], normalized, StringComparison.Ordinal))
            {
                letters.Add(ChoiceLetters.FromIndex(i));
            }
        }

        return letters;
    }

    private static AnswerExtraction? Decide(IReadOnlyList<char> letters, string method)
    {
        var distinct = letters.Distinct().ToList();
        return distinct.Count switch
        {
            0 => null,
            1 => new AnswerExtraction(distinct[0].ToString(), method),
            _ => new AnswerExtraction(null, ExtractionMethods.Ambiguous)
            {
                Candidates = distinct.Order().Select(c => c.ToString()).ToList(),
            },
        };
    }

    [GeneratedRegex(
        @"\b(?i:answer|option|choice)\**[ \t]*(?i:is|was|would[ \t]+be|should[ \t]+be|:|=)?[ \t]*\**[ \t]*:?[ \t]*[(\[]?\**[ \t]*(?:(?<letter>[A-J])|(?<letter>[a-j])(?=[ \t]*(?:[.,;:!?)\]*]|$)))(?![\w])[)\]]?",
        RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex AnswerPhrase();

    [GeneratedRegex(
        @"\banswer\**[ \t]*(?:is|was|would[ \t]+be|should[ \t]+be|:|=)[ \t]*\**[ \t]*:?(?<rest>[^\r\n]*)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AnswerRest();

    [GeneratedRegex(
        @"(?<![\w(])\(([A-J])\)|(?<![\w(])([A-J])\)|\*\*\(?([A-J])\)?[.:]?\*\*|^[ \t]*([A-J])[.:](?:[ \t]|$)|^[ \t]*([A-J])[ \t]*$",
        RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex LetterMarker();
}
