using Rethink.Core;
using Rethink.Evaluation.Reports;

namespace Rethink.Evaluation.Tests.Reports;

public class ResponseScorerTests
{
    private static readonly Problem Problem = Problem.FromQuestion("q1", "What is 6 * 7?", new Reference { Kind = AnswerKind.Exact, Answer = "42" });

    [Fact]
    public async Task Builds_a_committed_trajectory_and_scores_every_turn()
    {
        var verifier = new GoldAnswerVerifier();

        var scored = await ResponseScorer.ScoreAsync(
            Problem, "gpt-x-refine", 2, ["6 * 7 = 41\n41", "Let me check.\n42", "42"], verifier, LastLineAnswerExtractor.Instance);

        Assert.Equal(("gpt-x-refine", "q1", 2), (scored.Strategy, scored.ProblemId, scored.Sample));
        Assert.Equal([TurnRole.Generate, TurnRole.Refine, TurnRole.Refine], scored.Trajectory.Turns.Select(t => t.Role));
        Assert.All(scored.Trajectory.Turns, t => Assert.True(t.Committed));
        Assert.Equal([0, 1, 2], scored.Trajectory.Turns.Select(t => t.Index));
        Assert.Equal(["41", "42", "42"], verifier.Seen);
        Assert.Equal(["gold.different", "gold.equal", "gold.equal"], scored.TurnVerdicts.Select(v => v.Reason));
        Assert.Equal("gold.equal", scored.FinalVerdict.Reason);
        Assert.Equal("42", scored.Trajectory.Final.Text);
        Assert.Equal(ResponseScorer.ExternalStopReason, scored.Trajectory.StopReason);
        Assert.False(scored.Trajectory.SawVerifier);
        Assert.Equal(3, scored.Trajectory.CommittedAttempts.Count);
        Assert.False(scored.FirstCorrect);
        Assert.True(scored.FinalCorrect);
    }

    [Fact]
    public async Task No_answers_give_an_empty_trajectory_scored_wrong_without_calling_the_verifier()
    {
        var verifier = new GoldAnswerVerifier();

        var scored = await ResponseScorer.ScoreAsync(Problem, "src", 0, [], verifier, LastLineAnswerExtractor.Instance);

        Assert.Empty(scored.Trajectory.Turns);
        Assert.Empty(scored.TurnVerdicts);
        Assert.Empty(verifier.Seen);
        Assert.Equal((VerdictLabel.Incorrect, ResponseScorer.NoAnswerReason), (scored.FinalVerdict.Label, scored.FinalVerdict.Reason));
    }

    [Fact]
    public async Task Scored_responses_feed_the_report()
    {
        // q1: 41 -> 42 (W->R); q2 (gold 10): 10 -> 11 (R->W); q3 (gold 5): single answer 5 (R).
        var verifier = new GoldAnswerVerifier();
        var q2 = Problem.FromQuestion("q2", "5 + 5?", new Reference { Kind = AnswerKind.Exact, Answer = "10" });
        var q3 = Problem.FromQuestion("q3", "2 + 3?", new Reference { Kind = AnswerKind.Exact, Answer = "5" });
        var extractor = LastLineAnswerExtractor.Instance;
        List<ScoredTrajectory> scored =
        [
            await ResponseScorer.ScoreAsync(Problem, "ext", 0, ["41", "42"], verifier, extractor),
            await ResponseScorer.ScoreAsync(q2, "ext", 0, ["10", "11"], verifier, extractor),
            await ResponseScorer.ScoreAsync(q3, "ext", 0, ["5"], verifier, extractor),
        ];

        var s = new ReportBuilder().Build(scored, new RunMetadata("responses.jsonl", "external", "gsm8k")).Strategies.Single();

        // Acc1 = (0 + 1 + 1) / 3; Acc2 = (1 + 0 + 1) / 3; R->R 1, R->W 1, W->R 1; no tokens recorded.
        Assert.Equal(2.0 / 3, s.Acc1, 15);
        Assert.Equal(2.0 / 3, s.Acc2, 15);
        Assert.Equal(new Core.Metrics.TransitionTable(1, 1, 1, 0), s.Transitions);
        Assert.Null(s.AccuracyPer1kTokens);
        Assert.Equal([new ReasonCount(ResponseScorer.ExternalStopReason, 3)], s.StopReasons);
    }

    [Fact]
    public async Task Rejects_missing_inputs()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ResponseScorer.ScoreAsync(Problem, string.Empty, 0, ["1"], new GoldAnswerVerifier(), LastLineAnswerExtractor.Instance));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ResponseScorer.ScoreAsync(Problem, "s", -1, ["1"], new GoldAnswerVerifier(), LastLineAnswerExtractor.Instance));
    }
}
