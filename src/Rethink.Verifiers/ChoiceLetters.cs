namespace Rethink.Verifiers;

/// <summary>Letters of multiple-choice options (A is option 0) and the forms a gold letter may be written in.</summary>
internal static class ChoiceLetters
{
    /// <summary>The highest letter supported: J, i.e. ten options.</summary>
    public const int MaxOptions = 10;

    /// <summary>
    /// Reads a letter written alone: "B", "b", "(B)", "B.", "B)", "[B]", "**B**", <c>\text{B}</c>; null otherwise.
    /// </summary>
    public static char? TryParse(string text)
    {
        var s = LatexText.Clean(text).Trim().Trim('*', ' ').TrimEnd('.', ':', ' ');
        if (s.Length >= 3 && ((s[0] == '(' && s[^1] == ')') || (s[0] == '[' && s[^1] == ']')))
        {
            s = s[1..^1].Trim();
        }
        else if (s.Length == 2 && s[1] == ')')
        {
            s = s[..1];
        }

        if (s.Length != 1)
        {
            return null;
        }

        var c = char.ToUpperInvariant(s[0]);
        return c is >= 'A' and < (char)('A' + MaxOptions) ? c : null;
    }

    /// <summary>The letter of option <paramref name="index"/> (0 gives 'A').</summary>
    public static char FromIndex(int index) => (char)('A' + index);

    /// <summary>The 0-based option index of <paramref name="letter"/>.</summary>
    public static int ToIndex(char letter) => char.ToUpperInvariant(letter) - 'A';
}
