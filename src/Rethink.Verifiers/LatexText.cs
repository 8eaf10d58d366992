using System.Text;
using System.Text.RegularExpressions;

namespace Rethink.Verifiers;

/// <summary>Small LaTeX helpers shared by the extractors: boxed contents with nested braces, and clean-up of answer text.</summary>
internal static partial class LatexText
{
    private static readonly string[] BoxCommands = ["\\boxed", "\\fbox"];

    // Each unclosed box costs a scan to the end of the text; a cap keeps hostile output ("\boxed{" repeated) linear.
    private const int MaxUnclosedBoxes = 16;

    /// <summary>
    /// The content of the last <c>\boxed{...}</c> (or <c>\fbox{...}</c>) in <paramref name="text"/>, honouring nested
    /// braces; null when there is none or its braces never close.
    /// </summary>
    public static string? LastBoxed(string text)
    {
        var best = -1;
        var bestCommand = string.Empty;
        foreach (var command in BoxCommands)
        {
            var at = text.LastIndexOf(command, StringComparison.Ordinal);
            if (at > best)
            {
                best = at;
                bestCommand = command;
            }
        }

        // Walk back over boxes whose braces do not close (a truncated response), so an earlier complete box still counts.
        for (var tries = 0; best >= 0 && tries < MaxUnclosedBoxes; tries++)
        {
            var content = BracedAt(text, best + bestCommand.Length);
            if (content is not null)
            {
                return content;
            }

            var previous = -1;
            foreach (var command in BoxCommands)
            {
                var at = best == 0 ? -1 : text.LastIndexOf(command, best - 1, StringComparison.Ordinal);
                if (at > previous)
                {
                    previous = at;
                    bestCommand = command;
                }
            }

            best = previous;
        }

        return null;
    }

    /// <summary>The text inside the brace group starting at <paramref name="start"/> (after optional spaces), or null.</summary>
    public static string? BracedAt(string text, int start)
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
                continue;
            }

            if (text[j] == '{')
            {
                depth++;
            }
            else if (text[j] == '}')
            {
                depth--;
                if (depth == 0)
                {
                    return text[(i + 1)..j];
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Removes LaTeX presentation that does not change a number's value: math-mode dollars, spacing commands,
    /// <c>\left</c>/<c>\right</c>, <c>{,}</c> thousands separators, degree marks, <c>\text{...}</c> wrappers (kept as
    /// plain words, i.e. units), and maps <c>\dfrac</c>/<c>\tfrac</c> to <c>\frac</c>, <c>\%</c> to <c>%</c> and the
    /// Unicode minus to '-'.
    /// </summary>
    public static string Clean(string text)
    {
        var s = TextWrapper().Replace(text, " $1 ");
        var builder = new StringBuilder(s);
        builder.Replace("\\dfrac", "\\frac").Replace("\\tfrac", "\\frac")
            .Replace("\\left", string.Empty).Replace("\\right", string.Empty)
            .Replace("\\!", string.Empty).Replace("\\,", string.Empty).Replace("\\;", string.Empty).Replace("\\:", string.Empty)
            .Replace("{,}", string.Empty)
            .Replace("^{\\circ}", string.Empty).Replace("^\\circ", string.Empty).Replace("\\circ", string.Empty).Replace("°", string.Empty)
            .Replace("\\%", "%").Replace("\\$", "$").Replace("\\ ", " ")
            .Replace('\u2212', '-')
            .Replace('\u00a0', ' ');
        return builder.ToString().Trim();
    }

    /// <summary>
    /// A comparison form for answers that are not numbers (<c>\sqrt{2}</c>, <c>(1, 2)</c>): cleaned as in
    /// <see cref="Clean"/>, with all whitespace, math-mode dollars and one trailing period removed.
    /// </summary>
    public static string NormalizeText(string text)
    {
        var cleaned = Clean(text).Replace("$", string.Empty, StringComparison.Ordinal);
        var builder = new StringBuilder(cleaned.Length);
        foreach (var c in cleaned)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        var result = builder.ToString();
        return result.EndsWith('.') ? result[..^1] : result;
    }

    [GeneratedRegex(@"\\(?:text|textbf|textit|mathrm|mathbf|mbox|operatorname)\s*\{([^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex TextWrapper();
}
