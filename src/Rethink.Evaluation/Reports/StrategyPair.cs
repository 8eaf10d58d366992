namespace Rethink.Evaluation.Reports;

/// <summary>Which strategy of the baseline run to compare with which strategy of the candidate run.</summary>
/// <param name="Baseline">Strategy name in the baseline run.</param>
/// <param name="Candidate">Strategy name in the candidate run.</param>
public sealed record StrategyPair(string Baseline, string Candidate);
