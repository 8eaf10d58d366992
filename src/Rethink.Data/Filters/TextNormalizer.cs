using System.Text;

namespace Rethink.Data;

/// <summary>
/// The normalisation dedupe and the leak check compare text under: Unicode NFKC, lower case (invariant), every run of
/// white space one space, trimmed. Words for n-grams are maximal runs of letters and digits of the normalised text. Pure.
/// </summary>
public static class TextNormalizer
{
    /// <summary>The normalised form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The words of the normalised <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var normalized = Normalize(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var inWord = i < normalized.Length && char.IsLetterOrDigit(normalized[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(normalized[start..i]);
                start = -1;
            }
        }

        return words;
    }
}
