namespace Rethink.Core.Metrics;

/// <summary>
/// How well a critic detects incorrect responses, with "incorrect" as the positive class. Ratios whose denominator is 0
/// are null.
/// </summary>
/// <param name="TruePositives">Incorrect responses the critic called incorrect.</param>
/// <param name="FalsePositives">Correct responses the critic called incorrect, or left unsure/unparseable.</param>
/// <param name="TrueNegatives">Correct responses the critic called correct.</param>
/// <param name="FalseNegatives">Incorrect responses the critic called correct, or left unsure/unparseable.</param>
/// <param name="Unsure">How many verdicts were unsure or unparseable (already counted as wrong predictions above).</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">2 * precision * recall / (precision + recall); 0 when both are 0.</param>
/// <param name="Accuracy">(TP + TN) / all.</param>
/// <param name="LocalisationAccuracy">
/// Among judgements with a gold error location, the share where the critic named the same location (trimmed,
/// case-insensitive); null when none has one.
/// </param>
public sealed record CritiqueAbilityResult(
    long TruePositives,
    long FalsePositives,
    long TrueNegatives,
    long FalseNegatives,
    long Unsure,
    double? Precision,
    double? Recall,
    double? F1,
    double? Accuracy,
    double? LocalisationAccuracy)
{
    /// <summary>Judgements with a gold error location (the denominator of <see cref="LocalisationAccuracy"/>).</summary>
    public long Located { get; init; }

    /// <summary>Of <see cref="Located"/>, those where the critic named the gold location.</summary>
    public long LocatedRight { get; init; }
}
