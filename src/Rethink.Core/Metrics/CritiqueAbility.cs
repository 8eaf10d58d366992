namespace Rethink.Core.Metrics;

/// <summary>
/// Critique ability as a detection task (CriticBench-style): the critic's verdict against the gold correctness of the
/// critiqued response, "incorrect" being the positive class. An unsure or unparseable verdict is always a wrong
/// prediction: a false negative on an incorrect response, a false positive on a correct one. Pure and thread-safe.
/// </summary>
public static class CritiqueAbility
{
    /// <summary>The confusion counts and derived scores of <paramref name="judgements"/>.</summary>
    public static CritiqueAbilityResult Compute(IReadOnlyList<CritiqueJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        long tp = 0, fp = 0, tn = 0, fn = 0, unsure = 0, located = 0, locatedRight = 0;
        foreach (var j in judgements)
        {
            var positive = !j.ResponseCorrect;
            if (j.CriticLabel is not VerdictLabel.Correct and not VerdictLabel.Incorrect)
            {
                unsure++;
                if (positive) { fn++; } else { fp++; }
            }
            else if (j.CriticLabel == VerdictLabel.Incorrect)
            {
                if (positive) { tp++; } else { fp++; }
            }
            else if (positive)
            {
                fn++;
            }
            else
            {
                tn++;
            }

            if (!string.IsNullOrWhiteSpace(j.GoldErrorLocation))
            {
                located++;
                if (string.Equals(j.GoldErrorLocation.Trim(), j.PredictedErrorLocation?.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    locatedRight++;
                }
            }
        }

        double? precision = tp + fp == 0 ? null : (double)tp / (tp + fp);
        double? recall = tp + fn == 0 ? null : (double)tp / (tp + fn);
        double? f1 = precision is { } p && recall is { } r ? (p + r == 0 ? 0.0 : 2 * p * r / (p + r)) : null;
        double? accuracy = judgements.Count == 0 ? null : (double)(tp + tn) / judgements.Count;
        double? localisation = located == 0 ? null : (double)locatedRight / located;
        return new CritiqueAbilityResult(tp, fp, tn, fn, unsure, precision, recall, f1, accuracy, localisation) { Located = located, LocatedRight = locatedRight };
    }
}
