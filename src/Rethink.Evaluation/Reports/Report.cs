namespace Rethink.Evaluation.Reports;

/// <summary>The measured results of one run: per strategy numbers and strategy-vs-strategy comparisons. Immutable.</summary>
/// <param name="Run">The run described.</param>
/// <param name="Options">The statistics settings used.</param>
/// <param name="Strategies">One entry per strategy, in order of first appearance in the input.</param>
/// <param name="Comparisons">Every pair of strategies (earlier one as baseline), in input order.</param>
public sealed record Report(RunMetadata Run, ReportOptions Options, IReadOnlyList<StrategyReport> Strategies, IReadOnlyList<StrategyComparison> Comparisons)
{
    /// <summary>Version of the report's JSON form; bumped when a field changes meaning or is removed.</summary>
    public const int SchemaVersion = 1;
}
