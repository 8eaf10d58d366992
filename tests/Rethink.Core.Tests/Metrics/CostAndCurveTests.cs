using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class CostAndCurveTests
{
    private static CallRecord Call(ModelRole role, long input, long output) => new()
    {
        Role = role,
        Messages = [Message.User("q")],
        Output = "o",
        Usage = new TokenUsage(input, output),
    };

    private static Turn Committed(int index, TurnRole role, CallRecord call, string answer) => new()
    {
        Index = index,
        Role = role,
        Calls = [call],
        Output = answer,
        Attempt = new Attempt(answer, answer, call.Usage),
        Committed = true,
    };

    private static Turn Critique(int index, CallRecord call) => new()
    {
        Index = index,
        Role = TurnRole.Critique,
        Calls = [call],
        Output = "looks wrong",
    };

    // Trajectory 1 (self-refine shaped): generate (gen 10+5 = 15, wrong) -> critique (critic 20+3 = 23)
    //   -> refine (gen 30+7 = 37, right) -> critique (critic 20+4 = 24). Cumulative: 15, 38, 75, 99.
    // Trajectory 2: generate (gen 10+6 = 16, right).
    private static readonly ScoredTrajectory Refined = Scored(
        "p1",
        [
            Committed(0, TurnRole.Generate, Call(ModelRole.Generator, 10, 5), "1"),
            Critique(1, Call(ModelRole.Critic, 20, 3)),
            Committed(2, TurnRole.Refine, Call(ModelRole.Generator, 30, 7), "2"),
            Critique(3, Call(ModelRole.Critic, 20, 4)),
        ],
        [false, true]);

    private static readonly ScoredTrajectory OneShot = Scored(
        "p2",
        [Committed(0, TurnRole.Generate, Call(ModelRole.Generator, 10, 6), "2")],
        [true]);

    private static ScoredTrajectory Scored(string id, IReadOnlyList<Turn> turns, bool[] correct)
    {
        var verdicts = correct.Select(c => c ? Verdict.Correct("t.ok", "ok") : Verdict.Incorrect("t.bad", "bad")).ToList();
        return new ScoredTrajectory
        {
            Strategy = "s",
            ProblemId = id,
            Trajectory = new Trajectory
            {
                ProblemId = id,
                Strategy = "s",
                Turns = turns,
                Final = turns.Last(t => t.Committed).Attempt!,
                StopReason = StopReasons.MaxRounds,
            },
            TurnVerdicts = verdicts,
            FinalVerdict = verdicts[^1],
        };
    }

    [Fact]
    public void Summarize_gives_means_per_trajectory_split_by_role()
    {
        var cost = CostMetrics.Summarize([Refined.Trajectory, OneShot.Trajectory]);

        // Generator: 3 calls / 2 = 1.5; input (10 + 30 + 10) / 2 = 25; output (5 + 7 + 6) / 2 = 9.
        // Critic: 2 calls / 2 = 1; input (20 + 20) / 2 = 20; output (3 + 4) / 2 = 3.5.
        // All: 5 / 2 = 2.5 calls; input 90 / 2 = 45; output 25 / 2 = 12.5.
        Assert.Equal(2, cost.Trajectories);
        Assert.Equal((2.5, 45.0, 12.5), (cost.Calls, cost.InputTokens, cost.OutputTokens));
        Assert.Equal(new RoleCost(ModelRole.Generator, 1.5, 25, 9), cost.ByRole[0]);
        Assert.Equal(new RoleCost(ModelRole.Critic, 1, 20, 3.5), cost.ByRole[1]);
        Assert.Equal(new RoleCost(ModelRole.Judge, 0, 0, 0), cost.ByRole[2]);
        Assert.Equal(new RoleCost(ModelRole.Verifier, 0, 0, 0), cost.ByRole[3]);
        Assert.Equal(57.5, cost.TotalTokens);
    }

    [Fact]
    public void Accuracy_per_thousand_tokens()
    {
        // 0.5 accuracy at 57.5 tokens per trajectory: 0.5 * 1000 / 57.5.
        Assert.Equal(500.0 / 57.5, CostMetrics.AccuracyPer1kTokens(0.5, 57.5)!.Value, 12);
        Assert.Null(CostMetrics.AccuracyPer1kTokens(0.5, 0));
    }

    [Fact]
    public void Turn_costs_line_up_with_verdicts()
    {
        var costs = TrajectoryOutcomes.TurnCosts(Refined);

        Assert.Equal([new TurnCost(false, 15), new TurnCost(true, 75)], costs.CommittedTurns);
        Assert.Equal(99, costs.TotalTokens);
    }

    [Fact]
    public void Curve_charges_a_finished_trajectory_everything_it_spent()
    {
        var curve = AccuracyTokenCurve.Compute([TrajectoryOutcomes.TurnCosts(Refined), TrajectoryOutcomes.TurnCosts(OneShot)]);

        // Turn 1: trajectory 1 wrong at 15 tokens (it has a later turn); trajectory 2 finished: right at its total 16.
        //   accuracy 1/2, tokens (15 + 16) / 2 = 15.5.
        // Turn 2: trajectory 1 right at its total 99; trajectory 2 right (carried) at 16. accuracy 1, tokens 57.5.
        Assert.Equal([new TokenCurvePoint(1, 0.5, 15.5), new TokenCurvePoint(2, 1.0, 57.5)], curve);
    }

    [Fact]
    public void First_vs_final_and_turn_correctness_read_the_verdicts()
    {
        Assert.Equal(new PairedOutcome(false, true), TrajectoryOutcomes.FirstVsFinal(Refined));
        Assert.Equal([false, true], TrajectoryOutcomes.TurnCorrectness(Refined));
    }

    [Fact]
    public void Critique_judgements_pair_each_critique_with_the_answer_before_it()
    {
        // generate (wrong) -> critique "incorrect" -> refine (right) -> critique "correct": the first critique judged
        // the wrong answer, the second the right one.
        Turn WithCritique(Turn turn, VerdictLabel label) => turn with { Critique = new Critique("c", label, CritiqueSource.Self) { ErrorLocation = "2" } };
        var scored = Refined with
        {
            Trajectory = Refined.Trajectory with
            {
                Turns =
                [
                    Refined.Trajectory.Turns[0],
                    WithCritique(Refined.Trajectory.Turns[1], VerdictLabel.Incorrect),
                    Refined.Trajectory.Turns[2],
                    WithCritique(Refined.Trajectory.Turns[3], VerdictLabel.Correct),
                ],
            },
        };

        var judgements = TrajectoryOutcomes.CritiqueJudgements(scored);

        Assert.Equal(
            [
                new CritiqueJudgement(VerdictLabel.Incorrect, false) { PredictedErrorLocation = "2" },
                new CritiqueJudgement(VerdictLabel.Correct, true) { PredictedErrorLocation = "2" },
            ],
            judgements);
    }
}
