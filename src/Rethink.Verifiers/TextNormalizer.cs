using System.Text;

namespace Rethink.Verifiers;

/// <summary>
/// SQuAD-style answer normalisation: lower-case (invariant), remove punctuation (every Unicode punctuation or symbol
/// character), remove the English articles "a", "an" and "the" as whole words, and collapse whitespace to single
/// spaces with none at the ends. "The  Eiffel-Tower." and "eiffel tower" both become "eiffel tower" (the hyphen is
/// removed, not replaced, as SQuAD does: "Eiffel-Tower" becomes "eiffeltower"; see the tests).
/// </summary>
public static class TextNormalizer
{
    /// <summary>The normalised form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsPunctuation(c) || char.IsSymbol(c))
            {
                continue;
            }

            builder.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }

        var words = builder.ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("a" or "an" or "the"));
        return string.Join(' ', words);
    }
}
