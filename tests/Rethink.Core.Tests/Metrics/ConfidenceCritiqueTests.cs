using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class ConfidenceCritiqueTests
{
    // Three problems, S = 4 samples each, (a1 correct, aT correct):
    //   P1: TT TT TF FT -> Pa = 3/4, Pb = 2/3, Pc = 1/1 = 1
    //   P2: FF FT FF FF -> Pa = 0,   Pb = 0 (no a1 correct: convention), Pc = 1/4
    //   P3: TT TT TT TT -> Pa = 1,   Pb = 1, Pc = 0 (no a1 wrong: convention)
    // Acc1 = (3/4 + 0 + 1) / 3 = 7/12
    // Acc2 = ((3/4)(2/3) + (1/4)(1) + (1)(1/4) + 1) / 3 = (1/2 + 1/4 + 1/4 + 1) / 3 = 2/3
    // CL   = (1/2 + 0 + 1) / (3/4 + 0 + 1) = (3/2) / (7/4) = 6/7
    // CS   = ((1/4)(1) + (1)(1/4) + 0) / (1/4 + 1 + 0) = (1/2) / (5/4) = 2/5
    // RSS  = (2/3 - 49/144) / (2 (7/12)(5/12)) = (47/144) / (70/144) = 47/70
    // Check: Acc1 CL + (1 - Acc1) CS = (7/12)(6/7) + (5/12)(2/5) = 6/12 + 2/12 = 2/3 = Acc2.
    private static readonly IReadOnlyList<IReadOnlyList<PairedOutcome>> ThreeProblems =
    [
        [new(true, true), new(true, true), new(true, false), new(false, true)],
        [new(false, false), new(false, true), new(false, false), new(false, false)],
        [new(true, true), new(true, true), new(true, true), new(true, true)],
    ];

    [Fact]
    public void Per_problem_probabilities_follow_the_sampled_definitions()
    {
        Assert.Equal(new CorrectionProbabilities(0.75, 2.0 / 3, 1.0), ConfidenceCritique.ProbabilitiesOf(ThreeProblems[0]));
        Assert.Equal(new CorrectionProbabilities(0.0, 0.0, 0.25), ConfidenceCritique.ProbabilitiesOf(ThreeProblems[1]));
        Assert.Equal(new CorrectionProbabilities(1.0, 1.0, 0.0), ConfidenceCritique.ProbabilitiesOf(ThreeProblems[2]));
    }

    [Fact]
    public void Hand_computed_aggregates()
    {
        var r = ConfidenceCritique.FromSamples(ThreeProblems);

        Assert.Equal(3, r.Problems);
        Assert.Equal(7.0 / 12, r.Acc1, 12);
        Assert.Equal(2.0 / 3, r.Acc2, 12);
        Assert.Equal(6.0 / 7, r.ConfidenceLevel!.Value, 12);
        Assert.Equal(2.0 / 5, r.CritiqueScore!.Value, 12);
        Assert.Equal(47.0 / 70, r.RelativeSelfCorrectionScore!.Value, 12);
    }

    [Fact]
    public void With_equal_samples_CL_and_CS_are_the_pooled_conditional_rates()
    {
        // Pooled over all 12 samples: #(a1 right, aT right) / #(a1 right) = (2 + 0 + 4) / (3 + 0 + 4) = 6/7;
        // #(a1 wrong, aT right) / #(a1 wrong) = (1 + 1 + 0) / (1 + 4 + 0) = 2/5.
        var pooled = TransitionTable.FromOutcomes(ThreeProblems.SelectMany(p => p));
        var r = ConfidenceCritique.FromSamples(ThreeProblems);

        Assert.Equal((double)pooled.RightToRight / (pooled.RightToRight + pooled.RightToWrong), r.ConfidenceLevel!.Value, 12);
        Assert.Equal((double)pooled.WrongToRight / (pooled.WrongToRight + pooled.WrongToWrong), r.CritiqueScore!.Value, 12);
    }

    [Fact]
    public void Pb_of_a_problem_whose_first_answer_was_never_correct_cannot_change_CL_or_Acc2()
    {
        // P2 has Pa = 0: it adds Pa*Pb = 0 to CL's numerator and Pa = 0 to its denominator whatever Pb is.
        CorrectionProbabilities[] convention = [new(0.75, 2.0 / 3, 1.0), new(0.0, 0.0, 0.25), new(1.0, 1.0, 0.0)];
        CorrectionProbabilities[] other = [new(0.75, 2.0 / 3, 1.0), new(0.0, 0.9, 0.25), new(1.0, 1.0, 0.7)];

        var a = ConfidenceCritique.FromProbabilities(convention);
        var b = ConfidenceCritique.FromProbabilities(other);

        Assert.Equal(a, b);
    }

    [Fact]
    public void All_first_answers_wrong_leaves_CL_and_RSS_undefined()
    {
        // Acc1 = 0: sum(Pa) = 0 so CL = 0/0, and RSS divides by 2 * 0 * 1.
        IReadOnlyList<IReadOnlyList<PairedOutcome>> problems = [[new(false, true), new(false, false)], [new(false, false)]];

        var r = ConfidenceCritique.FromSamples(problems);

        Assert.Equal(0.0, r.Acc1);
        Assert.Equal(0.25, r.Acc2, 15); // (1/2 + 0) / 2
        Assert.Null(r.ConfidenceLevel);
        Assert.Equal(0.25, r.CritiqueScore!.Value, 15); // (1 * 1/2 + 1 * 0) / (1 + 1)
        Assert.Null(r.RelativeSelfCorrectionScore);
    }

    [Fact]
    public void All_first_answers_right_leaves_CS_and_RSS_undefined()
    {
        IReadOnlyList<IReadOnlyList<PairedOutcome>> problems = [[new(true, true), new(true, false)], [new(true, true)]];

        var r = ConfidenceCritique.FromSamples(problems);

        Assert.Equal(1.0, r.Acc1);
        Assert.Equal(0.75, r.Acc2, 15); // (1/2 + 1) / 2
        Assert.Equal(0.75, r.ConfidenceLevel!.Value, 15); // (1/2 + 1) / (1 + 1)
        Assert.Null(r.CritiqueScore);
        Assert.Null(r.RelativeSelfCorrectionScore);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Identity_holds_on_random_probabilities(int seed)
    {
        var random = new Random(seed);
        var problems = Enumerable.Range(0, 20 + random.Next(80))
            .Select(_ => new CorrectionProbabilities(random.NextDouble(), random.NextDouble(), random.NextDouble()))
            .ToList();

        var r = ConfidenceCritique.FromProbabilities(problems);

        Assert.Equal(r.Acc2, (r.Acc1 * r.ConfidenceLevel!.Value) + ((1 - r.Acc1) * r.CritiqueScore!.Value), 1e-12);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Identity_holds_on_random_samples(int seed)
    {
        var random = new Random(seed);
        var problems = Enumerable.Range(0, 50)
            .Select(_ => (IReadOnlyList<PairedOutcome>)Enumerable.Range(0, 1 + random.Next(10))
                .Select(_ => new PairedOutcome(random.Next(2) == 1, random.Next(3) > 0))
                .ToList())
            .ToList();

        var r = ConfidenceCritique.FromSamples(problems);

        Assert.Equal(r.Acc2, (r.Acc1 * r.ConfidenceLevel!.Value) + ((1 - r.Acc1) * r.CritiqueScore!.Value), 1e-12);
    }

    [Fact]
    public void RSS_is_exactly_one_half_when_Acc2_equals_Acc1()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var acc = random.NextDouble();
            if (acc is > 0 and < 1)
            {
                Assert.Equal(0.5, ConfidenceCritique.RelativeSelfCorrectionScore(acc, acc));
            }
        }

        // From samples: one R->W and one W->R flip leave accuracy unchanged (Pa = Pb = Pc = 1/2, Acc1 = Acc2 = 1/2).
        var r = ConfidenceCritique.FromSamples([[new(true, false), new(false, true), new(true, true), new(false, false)]]);
        Assert.Equal(r.Acc1, r.Acc2);
        Assert.Equal(0.5, r.RelativeSelfCorrectionScore);
    }

    [Fact]
    public void RSS_reaches_its_bounds()
    {
        // Lower bound Acc2 = Acc1^2 -> 0; upper bound Acc2 = 2 Acc1 - Acc1^2 -> 1 (Acc1 = 0.5: 0.25 and 0.75).
        Assert.Equal(0.0, ConfidenceCritique.RelativeSelfCorrectionScore(0.5, 0.25)!.Value, 15);
        Assert.Equal(1.0, ConfidenceCritique.RelativeSelfCorrectionScore(0.5, 0.75)!.Value, 15);
    }

    [Fact]
    public void Rejects_empty_input_and_out_of_range_probabilities()
    {
        Assert.Throws<ArgumentException>(() => ConfidenceCritique.FromProbabilities([]));
        Assert.Throws<ArgumentException>(() => ConfidenceCritique.FromSamples([[]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceCritique.FromProbabilities([new(1.5, 0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceCritique.FromProbabilities([new(0.5, double.NaN, 0)]));
    }
}
