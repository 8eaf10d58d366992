namespace Rethink.Verifiers;

/// <summary>Finds a free-text final answer (the rules of <see cref="TextAnswerExtractor"/>).</summary>
internal static class FinalAnswerText
{
    public static AnswerExtraction Analyze(string response)
    {
        var marker = AnswerPatterns.Gsm8kMarker().Matches(response);
        if (marker.Count > 0 && Tidy(marker[^1].Groups["rest"].Value) is { Length: > 0 } markerText)
        {
            return new AnswerExtraction(markerText, ExtractionMethods.Gsm8kMarker);
        }

        if (LatexText.LastBoxed(response) is { } boxed && Tidy(LatexText.Clean(boxed)) is { Length: > 0 } boxedText)
        {
            return new AnswerExtraction(boxedText, ExtractionMethods.Boxed);
        }

        var phrases = AnswerPatterns.AnswerPhrase().Matches(response);
        for (var i = phrases.Count - 1; i >= 0; i--)
        {
            if (Tidy(phrases[i].Groups["rest"].Value) is { Length: > 0 } phraseText)
            {
                return new AnswerExtraction(phraseText, ExtractionMethods.AnswerPhrase);
            }
        }

        var lines = response.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (Tidy(lines[i]) is { Length: > 0 } line)
            {
                return new AnswerExtraction(line, ExtractionMethods.LastLine);
            }
        }

        return AnswerExtraction.None;
    }

    /// <summary>Trims whitespace, Markdown bold/italic marks around the answer and one trailing period.</summary>
    private static string Tidy(string text)
    {
        var s = text.Trim().Trim('*', '_').Trim();
        if (s.EndsWith('.'))
        {
            s = s[..^1].TrimEnd().TrimEnd('*', '_').TrimEnd();
        }

        return s;
    }
}
