using Rethink.Core.Metrics;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// Candidate vs baseline on final correctness, paired by problem and sample. Transitions read baseline -> candidate
/// (R->W: the baseline was right, the candidate wrong). Immutable.
/// </summary>
/// <param name="Baseline">The reference side.</param>
/// <param name="Candidate">The compared side.</param>
/// <param name="Pairs">Trajectories present on both sides (same problem id and sample).</param>
/// <param name="UnpairedBaseline">Baseline trajectories with no partner (left out of every number here).</param>
/// <param name="UnpairedCandidate">Candidate trajectories with no partner.</param>
/// <param name="Transitions">Baseline-vs-candidate transitions over the pairs.</param>
/// <param name="Difference">Candidate accuracy minus baseline accuracy over the pairs; null when there are none.</param>
/// <param name="Test">McNemar and bootstrap interval of the difference; null when there are no pairs.</param>
/// <param name="TokenRatio">Candidate mean tokens / baseline mean tokens over the pairs; null when undefined.</param>
public sealed record StrategyComparison(
    ComparisonSide Baseline,
    ComparisonSide Candidate,
    int Pairs,
    int UnpairedBaseline,
    int UnpairedCandidate,
    TransitionTable Transitions,
    double? Difference,
    PairedTest? Test,
    double? TokenRatio);
