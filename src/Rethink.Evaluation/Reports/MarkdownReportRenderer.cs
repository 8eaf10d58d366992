namespace Rethink.Evaluation.Reports;

/// <summary>
/// GitHub-flavoured Markdown with the same sections and numbers as <see cref="TextReportRenderer"/>, for READMEs and
/// papers. Stateless and thread-safe.
/// </summary>
public sealed class MarkdownReportRenderer : IReportRenderer
{
    /// <inheritdoc />
    public string Format => "markdown";

    /// <inheritdoc />
    public string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sink = new MarkdownReportSink();
        ReportLayout.Write(report, sink);
        return sink.ToString();
    }

    /// <inheritdoc />
    public string Render(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var sink = new MarkdownReportSink();
        ReportLayout.Write(comparison, sink);
        return sink.ToString();
    }
}
