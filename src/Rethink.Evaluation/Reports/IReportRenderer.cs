namespace Rethink.Evaluation.Reports;

/// <summary>
/// Renders reports to text a person or a program reads. Output is deterministic: invariant culture, "\n" line endings,
/// no colour codes (callers may decorate). Implementations are stateless and thread-safe.
/// </summary>
public interface IReportRenderer
{
    /// <summary>Short format name (<c>text</c>, <c>markdown</c>, <c>json</c>).</summary>
    string Format { get; }

    /// <summary>The rendering of one run's report.</summary>
    string Render(Report report);

    /// <summary>The rendering of a two-run comparison.</summary>
    string Render(RunComparison comparison);
}
