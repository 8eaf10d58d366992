namespace Rethink.Core.Text;

/// <summary>
/// Finds the content of the last complete LaTeX box (<c>\boxed{...}</c>, or any box commands a caller names) in a
/// worked solution or a model's response, honouring nested braces and escaped ones (<c>\{</c>, <c>\}</c>). A box whose
/// braces never close (a truncated response) is passed over for an earlier complete one. Pure and thread-safe; the
/// text may be hostile model output, and the work stays linear in its length.
/// </summary>
public static class BoxedText
{
    /// <summary>The command <see cref="Last(string)"/> looks for.</summary>
    public const string Boxed = "\\boxed";

    // Each unclosed box costs a scan to the end of the text; a cap keeps hostile output ("\boxed{" repeated) linear.
    private const int MaxUnclosedBoxes = 16;

    /// <summary>The content of the last complete <c>\boxed{...}</c> in <paramref name="text"/>; null when there is none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string? Last(string text) => Last(text, Boxed);

    /// <summary>
    /// The content of the last complete box made by any of <paramref name="commands"/> (for example <c>\boxed</c> and
    /// <c>\fbox</c>) in <paramref name="text"/>; null when there is none, or when the last 16 boxes all fail to close.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string? Last(string text, params ReadOnlySpan<string> commands)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (at, command) = LastBefore(text, text.Length - 1, commands);
        for (var tries = 0; at >= 0 && tries < MaxUnclosedBoxes; tries++)
        {
            var content = BracedAt(text, at + command.Length);
            if (content is not null)
            {
                return content;
            }

            (at, command) = at == 0 ? (-1, command) : LastBefore(text, at - 1, commands);
        }

        return null;
    }

    // The latest start of any command that ends at or before `end`, and which command it is; -1 when none does.
    private static (int At, string Command) LastBefore(string text, int end, ReadOnlySpan<string> commands)
    {
        var best = -1;
        var bestCommand = string.Empty;
        foreach (var command in commands)
        {
            var at = text.LastIndexOf(command, end, StringComparison.Ordinal);
            if (at > best)
            {
                best = at;
                bestCommand = command;
            }
        }

        return (best, bestCommand);
    }

    // The text inside the brace group that starts at `start` (after optional spaces), or null when there is none or it
    // never closes.
    private static string? BracedAt(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '{')
        {
            return null;
        }

        var depth = 0;
        for (var j = i; j < text.Length; j++)
        {
            if (text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == '{' || text[j + 1] == '}'))
            {
                j++;
            }
            else if (text[j] == '{')
            {
                depth++;
            }
            else if (text[j] == '}' && --depth == 0)
            {
                return text[(i + 1)..j];
            }
        }

        return null;
    }
}
