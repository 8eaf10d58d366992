namespace Rethink.Evaluation.Reports;

/// <summary>
/// Fixed-width plain text for terminals: one table per section, numbers right-aligned, percentages with one decimal,
/// oracle and oracle-assisted numbers labelled. No colour codes. Stateless and thread-safe.
/// </summary>
public sealed class TextReportRenderer : IReportRenderer
{
    /// <inheritdoc />
    public string Format => "text";

    /// <inheritdoc />
    public string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sink = new TextReportSink();
        ReportLayout.Write(report, sink);
        return sink.ToString();
    }

    /// <inheritdoc />
    public string Render(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var sink = new TextReportSink();
        ReportLayout.Write(comparison, sink);
        return sink.ToString();
    }
}
