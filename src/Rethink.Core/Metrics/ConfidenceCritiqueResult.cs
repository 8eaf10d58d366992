namespace Rethink.Core.Metrics;

/// <summary>
/// The Confidence-vs-Critique aggregates over problems (Yang et al. 2024). Values that are undefined for the input are
/// null, never NaN, so they serialise as JSON null.
/// </summary>
/// <param name="Problems">Number of problems aggregated.</param>
/// <param name="Acc1">Accuracy before self-correction: mean over problems of Pa.</param>
/// <param name="Acc2">Accuracy after: mean over problems of Pa*Pb + (1-Pa)*Pc.</param>
/// <param name="ConfidenceLevel">CL = sum(Pa*Pb) / sum(Pa); null when sum(Pa) = 0 (no first answer was ever correct).</param>
/// <param name="CritiqueScore">CS = sum((1-Pa)*Pc) / sum(1-Pa); null when sum(1-Pa) = 0 (every first answer was correct).</param>
/// <param name="RelativeSelfCorrectionScore">
/// RSS = (Acc2 - Acc1^2) / (2*Acc1*(1-Acc1)): Acc2 placed between its bounds Acc1^2 and 2*Acc1 - Acc1^2; 0.5 exactly when
/// Acc2 = Acc1, above 0.5 when self-correction helped. Null when Acc1 is 0 or 1 (the bounds coincide).
/// </param>
public sealed record ConfidenceCritiqueResult(
    int Problems,
    double Acc1,
    double Acc2,
    double? ConfidenceLevel,
    double? CritiqueScore,
    double? RelativeSelfCorrectionScore);
