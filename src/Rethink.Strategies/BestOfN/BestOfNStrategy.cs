using System.Globalization;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// Best-of-N: draw N samples of the problem's messages at <see cref="StrategyContext.SampleTemperature"/> (sample indices
/// 0..N-1, <see cref="BestOfNOptions.Parallelism"/> at a time), then pick one with the configured selector:
/// <list type="bullet">
/// <item><c>verifier</c>: <see cref="StrategyContext.FeedbackVerifier"/> checks samples in order (one verify turn each)
/// until one passes, which is chosen (stop <c>verifier_passed</c>); if none passes, the highest
/// <see cref="Verdict.Score"/> wins (earliest on ties; sample 0 when no verdict has a score). Marks the trajectory
/// <see cref="Trajectory.SawVerifier"/>: the result is oracle-assisted.</item>
/// <item><c>judge</c>: <see cref="StrategyContext.Judge"/> scores all samples (a judge turn with its calls and verdict).</item>
/// <item><c>logprob</c>: the samples ask for log-probabilities (<see cref="RethinkProperties.LogProbs"/>) and the
/// highest <see cref="Attempt.MeanLogProb"/> wins (earliest on ties); if any sample lacks one the
/// run stops with reason <c>error</c>, naming the sample, because choosing among partial scores would be silently
/// biased.</item>
/// <item><c>majority</c>: majority vote over canonical extracted answers, earliest first appearance wins ties.</item>
/// </list>
/// The selector's requirement (verifier or judge present) is checked before any call. Turns: one generate turn per
/// sample (sample 0 committed as a1), the selector's turns, and a select turn committing the choice with the reason.
/// Stop reason <c>max_rounds</c> unless the verifier passed a sample. Immutable and thread-safe.
/// </summary>
public sealed class BestOfNStrategy : Strategy<BestOfNOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "best-of-n";

    internal static readonly IReadOnlyList<SettingBinding<BestOfNOptions>> Bindings =
    [
        Bind.Int<BestOfNOptions>("samples", "Samples drawn (N).", 1, BestOfNOptions.MaxSamplesLimit, o => o.Samples, (o, v) => o with { Samples = v }),
        Bind.Enum<BestOfNOptions, BestOfNSelector>("selector", "How the answer is chosen.", o => o.Selector, (o, v) => o with { Selector = v }),
        Bind.Int<BestOfNOptions>("parallelism", "Samples drawn concurrently.", 1, BestOfNOptions.MaxParallelism, o => o.Parallelism, (o, v) => o with { Parallelism = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> naming a bad bound.</summary>
    public BestOfNStrategy(BestOfNOptions? options = null)
        : base(options ?? new BestOfNOptions(), Bindings)
    {
        Bounds.Check(Options.Samples, 1, BestOfNOptions.MaxSamplesLimit, nameof(BestOfNOptions.Samples));
        Bounds.Check(Options.Parallelism, 1, BestOfNOptions.MaxParallelism, nameof(BestOfNOptions.Parallelism));
        if (!Enum.IsDefined(Options.Selector))
        {
            throw new ArgumentOutOfRangeException(nameof(BestOfNOptions.Selector), Options.Selector, "Unknown selector.");
        }
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The selector needs a verifier or judge the context lacks (thrown before any call).</exception>
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        if (Options.Selector == BestOfNSelector.Verifier && context.FeedbackVerifier is null)
        {
            throw new InvalidOperationException(
                "best-of-n with selector 'verifier' needs a feedback verifier (StrategyContext.FeedbackVerifier), and none was configured. " +
                "Hand it one explicitly (this makes the run oracle-assisted) or use selector judge, logprob or majority.");
        }

        if (Options.Selector == BestOfNSelector.Judge && context.Judge is null)
        {
            throw new InvalidOperationException(
                "best-of-n with selector 'judge' needs a judge (StrategyContext.Judge), and none was configured; use selector logprob or majority, or configure a judge.");
        }

        return RunGuardedAsync(problem, context, async builder =>
        {
            var samples = await StrategyRun.SampleAsync(builder, problem.Messages, 0, Options.Samples, Options.Parallelism, cancellationToken, logProbs: Options.Selector == BestOfNSelector.Logprob).ConfigureAwait(false);
            var selection = Options.Selector switch
            {
                BestOfNSelector.Verifier => await ByVerifierAsync(builder, context.FeedbackVerifier!, samples, cancellationToken).ConfigureAwait(false),
                BestOfNSelector.Judge => await ByJudgeAsync(builder, context.Judge!, samples, cancellationToken).ConfigureAwait(false),
                BestOfNSelector.Logprob => ByLogProb(builder, samples),
                _ => ByMajority(context, samples),
            };
            builder.AddTurn(TurnRole.Select, [], selection.Reason, samples[selection.Index], committed: true);
            return builder.Finish(selection.StopReason);
        }, cancellationToken, sawVerifier: Options.Selector == BestOfNSelector.Verifier);
    }

    private static async Task<Selection> ByVerifierAsync(TrajectoryBuilder builder, IVerifier verifier, IReadOnlyList<Attempt> samples, CancellationToken cancellationToken)
    {
        var best = 0;
        double? bestScore = null;
        for (var i = 0; i < samples.Count; i++)
        {
            var verdict = await verifier.VerifyAsync(builder.Problem, samples[i], cancellationToken).ConfigureAwait(false);
            builder.AddTurn(TurnRole.Verify, [], Invariant($"Sample {i}: {verdict.Label}: {verdict.Explanation}"), samples[i], verdict: verdict);
            if (verdict.IsCorrect)
            {
                return new Selection(i, Invariant($"Sample {i} passed the verifier ({verdict.Reason})."), StopReasons.VerifierPassed);
            }

            if (verdict.Score is { } score && (bestScore is null || score > bestScore))
            {
                best = i;
                bestScore = score;
            }
        }

        return bestScore is null
            ? new Selection(0, "No sample passed the verifier and no verdict had a score; keeping sample 0.", StopReasons.MaxRounds)
            : new Selection(best, Invariant($"No sample passed the verifier; sample {best} had the highest verdict score ({bestScore})."), StopReasons.MaxRounds);
    }

    private static async Task<Selection> ByJudgeAsync(TrajectoryBuilder builder, IJudge judge, IReadOnlyList<Attempt> samples, CancellationToken cancellationToken)
    {
        var judgement = await judge.JudgeAsync(builder.Problem, samples, cancellationToken).ConfigureAwait(false);
        if (judgement.BestIndex < 0 || judgement.BestIndex >= samples.Count)
        {
            throw new InvalidOperationException(Invariant($"The judge chose candidate {judgement.BestIndex}, but there are {samples.Count} samples."));
        }

        var scores = string.Join(", ", judgement.Scores.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        builder.AddTurn(TurnRole.Judge, judgement.Calls, Invariant($"Scores: {scores}. {judgement.Verdict.Explanation}"), verdict: judgement.Verdict);
        StrategyRun.EnsureBudget(builder);
        return new Selection(judgement.BestIndex, Invariant($"The judge chose sample {judgement.BestIndex} ({judgement.Verdict.Reason})."), StopReasons.MaxRounds);
    }

    private static Selection ByLogProb(TrajectoryBuilder builder, IReadOnlyList<Attempt> samples)
    {
        var best = -1;
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].MeanLogProb is not { } lp)
            {
                throw new InvalidOperationException(Invariant(
                    $"Selector 'logprob' needs log-probabilities, but the provider returned none for sample {i} of problem '{builder.Problem.Id}'. Use a provider that returns them (response property '{RethinkProperties.MeanLogProb}') or another selector."));
            }

            if (best < 0 || lp > samples[best].MeanLogProb)
            {
                best = i;
            }
        }

        return new Selection(best, Invariant($"Sample {best} had the highest mean log-probability ({samples[best].MeanLogProb})."), StopReasons.MaxRounds);
    }

    private static Selection ByMajority(StrategyContext context, IReadOnlyList<Attempt> samples)
    {
        var tally = VoteTally.Of(context, samples);
        return tally.Winner is { } winner
            ? new Selection(winner.FirstIndex, Invariant($"Majority answer {winner.Key} ({winner.Count} of {tally.Voters} votes; {tally.Describe()}); first given by sample {winner.FirstIndex}."), StopReasons.MaxRounds)
            : new Selection(0, "No sample had an answer; keeping sample 0.", StopReasons.MaxRounds);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record Selection(int Index, string Reason, string StopReason);
}
