using System.Numerics;
using System.Text.RegularExpressions;

namespace Rethink.Verifiers;

/// <summary>
/// Reads numbers the way people and models write them: thousands commas (groups of three digits only, so "1,000" is one
/// thousand and "3,4" is two numbers), a leading sign, decimals, scientific notation, fractions ("3/4",
/// "\frac{3}{4}", "\dfrac34"), percentages, currency symbols in front and unit words behind ("$1,200", "12 cm",
/// "5 apples"). Spaces as thousands separators and mixed numbers ("1 1/2") are not read.
/// </summary>
internal static partial class NumericParser
{
    private const string Number = @"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?";

    /// <summary>
    /// Parses a whole answer (after <see cref="LatexText.Clean"/>): optionally "name =" in front (the right-hand side of
    /// the last '=' is read), a sign, a currency symbol, one number or fraction, a percent sign, unit words.
    /// </summary>
    public static bool TryParse(string text, out NumericValue value)
    {
        value = default;
        var cleaned = LatexText.Clean(text).Replace("$", string.Empty, StringComparison.Ordinal).Trim();
        var eq = cleaned.LastIndexOf('=');
        if (eq >= 0)
        {
            cleaned = cleaned[(eq + 1)..].Trim();
        }

        cleaned = cleaned.TrimEnd('.', ' ');
        var match = WholeAnswer().Match(cleaned);
        if (!match.Success)
        {
            return false;
        }

        Rational magnitude;
        if (match.Groups["fn"].Success)
        {
            if (!TryParse(match.Groups["fn"].Value, out var top) || !TryParse(match.Groups["fd"].Value, out var bottom)
                || top.IsPercent || bottom.IsPercent || bottom.Value.IsZero)
            {
                return false;
            }

            magnitude = top.Value / bottom.Value;
        }
        else if (match.Groups["sn"].Success)
        {
            var denominator = match.Groups["sd"].Value[0] - '0';
            if (denominator == 0)
            {
                return false;
            }

            magnitude = new Rational(match.Groups["sn"].Value[0] - '0', denominator);
        }
        else
        {
            if (!Rational.TryParseDecimal(match.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), out magnitude))
            {
                return false;
            }

            if (match.Groups["d"].Success)
            {
                if (!Rational.TryParseDecimal(match.Groups["d"].Value.Replace(",", string.Empty, StringComparison.Ordinal), out var d) || d.IsZero)
                {
                    return false;
                }

                magnitude /= d;
            }
        }

        // "-$5" and "$-5" both mean minus five; two minus signs cancel.
        if ((match.Groups["sign"].Value == "-") != (match.Groups["sign2"].Value == "-"))
        {
            magnitude = Rational.Zero - magnitude;
        }

        value = new NumericValue(magnitude, match.Groups["pct"].Success);
        return true;
    }

    /// <summary>Every number written in running text, in order (each a substring <see cref="TryParse"/> accepts).</summary>
    public static IReadOnlyList<string> FindNumbers(string text)
    {
        var found = new List<string>();
        foreach (Match m in NumberInText().Matches(text))
        {
            if (TryParse(m.Value, out _))
            {
                found.Add(m.Value.Trim());
            }
        }

        return found;
    }

    /// <summary>The first number in <paramref name="text"/>, or null.</summary>
    public static string? FirstNumber(string text)
    {
        var numbers = FindNumbers(text);
        return numbers.Count == 0 ? null : numbers[0];
    }

    /// <summary>True when <paramref name="value"/> is an integer.</summary>
    public static bool IsInteger(Rational value) => value.Denominator.IsOne;

    /// <summary>The value divided by 100 (what a percent sign means).</summary>
    public static Rational FromPercent(Rational value) => Rational.Divide(value, new BigInteger(100));

    [GeneratedRegex(
        @"^(?<sign>[-+])?\s*[€£¥]?\s*(?<sign2>[-+])?(?:\\frac\s*\{(?<fn>[^{}]+)\}\s*\{(?<fd>[^{}]+)\}|\\frac(?<sn>\d)(?<sd>\d)|(?<n>" + Number + @")(?:\s*/\s*(?<d>" + Number + @"))?)\s*(?<pct>%|percent\b|per\s+cent\b)?\s*(?<unit>\p{L}(?:[\p{L}°²³/.'’\s-]|\^\{?[23]\}?)*)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WholeAnswer();

    [GeneratedRegex(
        @"(?<![\w.])[-+\u2212]?(?:\\?[$€£¥]\s?)?(?:\\[dt]?frac\s*\{[^{}]+\}\s*\{[^{}]+\}|\\[dt]?frac\d\d|(?:" + Number + @")(?:/(?:" + Number + @"))?)(?:\s?(?:\\?%|percent\b))?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NumberInText();
}
