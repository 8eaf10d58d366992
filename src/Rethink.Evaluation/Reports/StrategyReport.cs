using Rethink.Core.Metrics;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// Every number a report gives for one strategy. Accuracy counts every trajectory, failed ones included (scored as
/// they are, normally wrong). Immutable.
/// </summary>
public sealed record StrategyReport
{
    /// <summary>The strategy name.</summary>
    public required string Name { get; init; }

    /// <summary>True when the strategy was given, or consulted, a feedback verifier: its numbers are oracle-assisted.</summary>
    public required bool SawVerifier { get; init; }

    /// <summary><see cref="ReportLabels.OracleAssisted"/> when <see cref="SawVerifier"/>; otherwise null.</summary>
    public string? Label => SawVerifier ? ReportLabels.OracleAssisted : null;

    /// <summary>Distinct problems.</summary>
    public required int Problems { get; init; }

    /// <summary>Trajectories (problem x sample).</summary>
    public required int Trajectories { get; init; }

    /// <summary>The most samples any problem has (S); equal to 1 for single-sample runs.</summary>
    public required int SamplesPerProblem { get; init; }

    /// <summary>Acc@t for t = 1 ... T over trajectories, the last answer carried forward; element 0 is the first answer.</summary>
    public required IReadOnlyList<double> AccuracyAtTurn { get; init; }

    /// <summary>
    /// Confidence-vs-Critique aggregates over problems: Acc1 (first answer), Acc2 (final answer), CL, CS, RSS. With the
    /// same number of samples for every problem, Acc1 and Acc2 equal the shares of trajectories correct first and last.
    /// </summary>
    public required ConfidenceCritiqueResult SelfCorrection { get; init; }

    /// <summary>Accuracy of the first answer (= <see cref="SelfCorrection"/>.Acc1).</summary>
    public double Acc1 => SelfCorrection.Acc1;

    /// <summary>Accuracy of the final answer, the honest result (= <see cref="SelfCorrection"/>.Acc2).</summary>
    public double Acc2 => SelfCorrection.Acc2;

    /// <summary>Oracle accuracy (correct at any committed turn); only ever shown beside <see cref="Acc2"/>, labelled.</summary>
    public required double Oracle { get; init; }

    /// <summary>First-vs-final transitions over trajectories.</summary>
    public required TransitionTable Transitions { get; init; }

    /// <summary>First-vs-final significance (after = final answer).</summary>
    public required PairedTest FirstVsFinal { get; init; }

    /// <summary>
    /// How well the strategy's critiques told wrong answers from right ones ("incorrect" = positive; unsure or
    /// unparseable = wrong), each critique judged against the latest committed answer before it; null when the
    /// strategy recorded no critique.
    /// </summary>
    public CritiqueAbilityResult? CritiqueQuality { get; init; }

    /// <summary>Trajectory counts per stop reason, ordered by reason id (ordinal).</summary>
    public required IReadOnlyList<ReasonCount> StopReasons { get; init; }

    /// <summary>Trajectory counts per reason id of the final verdict (why answers were scored so), ordered by reason id.</summary>
    public required IReadOnlyList<ReasonCount> FinalVerdictReasons { get; init; }

    /// <summary>Failed trajectories by kind.</summary>
    public required FailureCounts Failures { get; init; }

    /// <summary>Calls and tokens per trajectory, in total and by role.</summary>
    public required CostSummary Cost { get; init; }

    /// <summary>Final accuracy per 1,000 tokens spent per trajectory; null when no tokens were recorded.</summary>
    public required double? AccuracyPer1kTokens { get; init; }

    /// <summary>
    /// Unbiased pass@k of the final answers (Chen et al. 2021), one entry per <see cref="ReportOptions.PassAtK"/> value,
    /// in that order; empty when none were asked for.
    /// </summary>
    public IReadOnlyList<PassAtKValue> PassAtK { get; init; } = [];

    /// <summary>Samples and passes per problem, in order of first appearance; empty unless pass@k was asked for.</summary>
    public IReadOnlyList<TaskPassCount> TaskPassCounts { get; init; } = [];

    /// <summary>Accuracy at each committed turn against the mean tokens spent to reach it.</summary>
    public required IReadOnlyList<TokenCurvePoint> AccuracyVsTokens { get; init; }
}
