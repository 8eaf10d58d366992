using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class CritiqueAbilityTests
{
    [Fact]
    public void Incorrect_is_the_positive_class_and_unsure_is_always_wrong()
    {
        // Incorrect responses (positives): critic says Incorrect x3 (TP), Correct x1 (FN), Unsure x1 (FN) -> TP 3, FN 2.
        // Correct responses (negatives): Correct x4 (TN), Incorrect x2 (FP), Unsure x1 (FP) -> TN 4, FP 3.
        // Precision = 3/6 = 0.5; recall = 3/5 = 0.6; F1 = 2 * 0.3 / 1.1 = 6/11; accuracy = (3 + 4) / 12 = 7/12.
        var j = new List<CritiqueJudgement>();
        j.AddRange(Enumerable.Repeat(new CritiqueJudgement(VerdictLabel.Incorrect, false), 3));
        j.Add(new CritiqueJudgement(VerdictLabel.Correct, false));
        j.Add(new CritiqueJudgement(VerdictLabel.Unsure, false));
        j.AddRange(Enumerable.Repeat(new CritiqueJudgement(VerdictLabel.Correct, true), 4));
        j.AddRange(Enumerable.Repeat(new CritiqueJudgement(VerdictLabel.Incorrect, true), 2));
        j.Add(new CritiqueJudgement(VerdictLabel.Unsure, true));

        var r = CritiqueAbility.Compute(j);

        Assert.Equal((3L, 3L, 4L, 2L, 2L), (r.TruePositives, r.FalsePositives, r.TrueNegatives, r.FalseNegatives, r.Unsure));
        Assert.Equal(0.5, r.Precision!.Value, 15);
        Assert.Equal(0.6, r.Recall!.Value, 15);
        Assert.Equal(6.0 / 11, r.F1!.Value, 15);
        Assert.Equal(7.0 / 12, r.Accuracy!.Value, 15);
        Assert.Null(r.LocalisationAccuracy);
    }

    [Fact]
    public void Localisation_counts_only_items_with_a_gold_location()
    {
        // Two items have a gold step: "3" vs "3 " (match after trimming) and "3" vs "2" (miss) -> 1/2.
        CritiqueJudgement[] j =
        [
            new(VerdictLabel.Incorrect, false) { GoldErrorLocation = "3", PredictedErrorLocation = "3 " },
            new(VerdictLabel.Incorrect, false) { GoldErrorLocation = "3", PredictedErrorLocation = "2" },
            new(VerdictLabel.Correct, true),
        ];

        Assert.Equal(0.5, CritiqueAbility.Compute(j).LocalisationAccuracy);
    }

    [Fact]
    public void Undefined_ratios_are_null()
    {
        // Only correct responses, all called correct: no positives predicted or present.
        var r = CritiqueAbility.Compute([new CritiqueJudgement(VerdictLabel.Correct, true)]);

        Assert.Null(r.Precision);
        Assert.Null(r.Recall);
        Assert.Null(r.F1);
        Assert.Equal(1.0, r.Accuracy);
    }
}
