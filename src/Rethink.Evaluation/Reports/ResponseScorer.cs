using Rethink.Core;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// Scores responses produced elsewhere (<c>rethink score</c>): a list of answer texts, one per turn, becomes a
/// trajectory (first turn <see cref="TurnRole.Generate"/>, later turns <see cref="TurnRole.Refine"/>, all committed) with
/// every turn scored, so the usual report applies. No model calls are recorded, so cost figures of scored responses
/// are zero. Stateless and thread-safe when the verifier and extractor are.
/// </summary>
public static class ResponseScorer
{
    /// <summary>The stop reason recorded for scored responses: the loop ran outside Rethink.</summary>
    public const string ExternalStopReason = "external";

    /// <summary>The final-verdict reason when no answer text was given.</summary>
    public const string NoAnswerReason = "no_answer";

    /// <summary>
    /// Builds and scores the trajectory of <paramref name="answers"/> (in turn order) for <paramref name="problem"/>.
    /// Each text's final answer is pulled out with <paramref name="extractor"/> and every attempt is checked by
    /// <paramref name="verifier"/> (in order, one at a time); the final verdict is the last turn's. With no answers the
    /// trajectory is empty and the final verdict is incorrect with reason <see cref="NoAnswerReason"/>.
    /// </summary>
    /// <param name="problem">The problem answered (its reference is what the verifier checks against).</param>
    /// <param name="source">Label of the response source; recorded as the strategy name.</param>
    /// <param name="sample">Sample index of these responses for the problem.</param>
    /// <param name="answers">Answer texts, one per turn, first answer first.</param>
    /// <param name="verifier">The scoring verifier.</param>
    /// <param name="extractor">Pulls the final answer out of each text.</param>
    /// <param name="cancellationToken">Cancels between or during verifications.</param>
    public static async Task<ScoredTrajectory> ScoreAsync(
        Problem problem,
        string source,
        int sample,
        IReadOnlyList<string> answers,
        IVerifier verifier,
        IAnswerExtractor extractor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(extractor);

        var turns = new List<Turn>(answers.Count);
        var verdicts = new List<Verdict>(answers.Count);
        foreach (var text in answers)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(answers));
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = new Attempt(text, extractor.Extract(text), TokenUsage.Zero);
            turns.Add(new Turn
            {
                Index = turns.Count,
                Role = turns.Count == 0 ? TurnRole.Generate : TurnRole.Refine,
                Output = text,
                Attempt = attempt,
                Committed = true,
            });
            verdicts.Add(await verifier.VerifyAsync(problem, attempt, cancellationToken).ConfigureAwait(false));
        }

        var trajectory = new Trajectory
        {
            ProblemId = problem.Id,
            Strategy = source,
            Turns = turns,
            Final = turns.Count > 0 ? turns[^1].Attempt! : new Attempt(string.Empty, null, TokenUsage.Zero),
            StopReason = ExternalStopReason,
        };

        return new ScoredTrajectory
        {
            Strategy = source,
            ProblemId = problem.Id,
            Sample = sample,
            Trajectory = trajectory,
            TurnVerdicts = verdicts,
            FinalVerdict = verdicts.Count > 0
                ? verdicts[^1]
                : Verdict.Incorrect(NoAnswerReason, "No response was given for this problem."),
        };
    }
}
