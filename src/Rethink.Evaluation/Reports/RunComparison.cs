namespace Rethink.Evaluation.Reports;

/// <summary>Two runs side by side (<c>rethink report RUN --compare RUN2</c>): each run's report and the paired comparisons. Immutable.</summary>
/// <param name="Baseline">The report of the first run.</param>
/// <param name="Candidate">The report of the second run.</param>
/// <param name="Comparisons">Candidate-run strategies against baseline-run strategies, paired by problem and sample.</param>
public sealed record RunComparison(Report Baseline, Report Candidate, IReadOnlyList<StrategyComparison> Comparisons);
