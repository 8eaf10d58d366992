using System.Text;
using System.Text.RegularExpressions;
using Rethink.Core.Text;

namespace Rethink.Verifiers;

/// <summary>Small LaTeX helpers shared by the extractors: boxed contents with nested braces, and clean-up of answer text.</summary>
internal static partial class LatexText
{
    private static readonly string[] BoxCommands = ["\\boxed", "\\fbox"];

    /// <summary>
    /// The content of the last <c>\boxed{...}</c> (or <c>\fbox{...}</c>) in <paramref name="text"/>, honouring nested
    /// braces; null when there is none or its braces never close (see <see cref="BoxedText"/>).
    /// </summary>
    public static string? LastBoxed(string text) => BoxedText.Last(text, BoxCommands);

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
