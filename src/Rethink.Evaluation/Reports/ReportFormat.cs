using System.Globalization;

namespace Rethink.Evaluation.Reports;

/// <summary>Invariant-culture number formats shared by the text and Markdown renderers.</summary>
internal static class ReportFormat
{
    public const string Missing = "n/a";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("F1", Invariant) + "%" : Missing;

    public static string Points(double? value) =>
        value is { } v ? Signed(v * 100, "F1") + " pp" : Missing;

    public static string Interval(Core.Metrics.BootstrapInterval? ci) =>
        ci is null ? Missing : "[" + Signed(ci.Lower * 100, "F1") + ", " + Signed(ci.Upper * 100, "F1") + "] pp";

    public static string PValue(double? p) => p switch
    {
        null => Missing,
        < 0.0001 => "<0.0001",
        { } v => v.ToString("F4", Invariant),
    };

    public static string Decimal(double? value, string format = "F3") =>
        value is { } v ? v.ToString(format, Invariant) : Missing;

    public static string Tokens(double? value) => Decimal(value, "F1");

    public static string Ratio(double? value) => value is { } v ? v.ToString("F2", Invariant) + "x" : Missing;

    public static string Count(long value) => value.ToString(Invariant);

    public static string SignedCount(long value) => (value > 0 ? "+" : string.Empty) + value.ToString(Invariant);

    public static string StrategyName(string name, bool sawVerifier) =>
        sawVerifier ? name + " [" + ReportLabels.OracleAssisted + "]" : name;

    public static string Reasons(IReadOnlyList<ReasonCount> reasons) =>
        reasons.Count == 0 ? "-" : string.Join(", ", reasons.Select(r => r.Reason + "=" + r.Count.ToString(Invariant)));

    private static string Signed(double value, string format)
    {
        // Rounding first keeps "-0.0" out of the output.
        var text = value.ToString(format, Invariant);
        if (text.TrimStart('-').All(c => c is '0' or '.'))
        {
            return "+" + text.TrimStart('-');
        }

        return value > 0 ? "+" + text : text;
    }
}
