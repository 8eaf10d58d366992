using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class CritiqueLocationsTests
{
    [Theory]
    [InlineData("Step 1: 17*7=119. 17*7: 7*7+0=49, 1*7+4=11; so 119: right.\nStep 2: 119*9=1091. 119*9: ...; so 1071, not 1091: wrong.\nStep 2 is wrong: it should be 119*9=1071.", "step 2")]
    [InlineData("Step 1 is fine, step 2 is wrong.", "step 2")]
    [InlineData("Step 2 is correct. Step 3 has a mistake: 4*5 is 20.", "step 3")]
    [InlineData("The error is in step 3, where 4*5 was written as 25.", "step 3")]
    [InlineData("STEP 4 is not correct", "step 4")]
    [InlineData("Step 1: fine.\nStep 2: fine.\nThe final answer is wrong.", null)]
    [InlineData("Everything checks out.", null)]
    [InlineData("", null)]
    public void The_flagged_step_is_read_from_the_line_that_rejects_it(string critique, string? expected)
    {
        Assert.Equal(expected, CritiqueLocations.FirstFlaggedStep(critique));
    }

    [Fact]
    public void A_critique_is_scored_against_the_location_in_the_verdict_on_the_answer_it_judged()
    {
        static Turn Answer(int index, string text) => new() { Index = index, Role = TurnRole.Generate, Output = text, Attempt = new Attempt(text, text, default), Committed = true };
        static Turn Critique(int index, string text, VerdictLabel label) => new() { Index = index, Role = TurnRole.Critique, Output = text, Critique = new Critique(text, label, CritiqueSource.Self) };
        Turn[] turns =
        [
            Answer(0, "a1"),
            Critique(1, "Step 1: ok.\nStep 2 is wrong: it should be 3.", VerdictLabel.Incorrect),
            Answer(2, "a2"),
            Critique(3, "Step 3 is wrong.", VerdictLabel.Incorrect),
            Answer(4, "a3"),
            Critique(5, "All steps are correct; there is no error in step 2.", VerdictLabel.Correct),
        ];
        var scored = new ScoredTrajectory
        {
            Strategy = "s",
            ProblemId = "p",
            Trajectory = new Trajectory { ProblemId = "p", Strategy = "s", Turns = turns, Final = turns[4].Attempt!, StopReason = StopReasons.MaxRounds },
            TurnVerdicts =
            [
                Verdict.Incorrect("t.bad", "bad") with { ErrorLocation = "step 2" },
                Verdict.Incorrect("t.bad", "bad") with { ErrorLocation = "step 1" },
                Verdict.Incorrect("t.bad", "bad") with { ErrorLocation = "step 2" },
            ],
            FinalVerdict = Verdict.Incorrect("t.bad", "bad"),
        };

        var judgements = TrajectoryOutcomes.CritiqueJudgements(scored);

        // Right step, wrong step, and a critique that passed the answer names no step (the approving "step 2" is not read).
        Assert.Equal(["step 2", "step 3", null], judgements.Select(j => j.PredictedErrorLocation));
        Assert.Equal(["step 2", "step 1", "step 2"], judgements.Select(j => j.GoldErrorLocation));
        var result = CritiqueAbility.Compute(judgements);
        Assert.Equal((3L, 1L), (result.Located, result.LocatedRight));
        Assert.Equal(1.0 / 3, result.LocalisationAccuracy!.Value, 12);
    }
}
