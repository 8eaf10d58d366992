using System.Globalization;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// Self-consistency (Wang et al., 2023) with the adaptive stopping rule of Adaptive-Consistency (Aggarwal et al., 2023).
/// Samples the problem's messages at <see cref="StrategyContext.SampleTemperature"/> with seed
/// <see cref="StrategyContext.Seed"/> and sample indices 0, 1, 2, ... (ModelCall puts the index in the options and adds it
/// to the seed, so caches never collapse two samples into one), and votes over
/// <c>Extractor.Normalize(Extractor.Extract(text))</c>; samples without an answer do not vote; ties go to the answer
/// that appeared first.
/// <para>
/// When adaptive, samples are drawn one at a time; after each, with a = votes of the leader and b = votes of the
/// runner-up, it stops with <c>consensus</c> once at least <see cref="SelfConsistencyOptions.MinSamples"/> samples are in
/// and <see cref="AdaptiveConsistency.MajorityProbability"/>(a, b) ≥ <see cref="SelfConsistencyOptions.Threshold"/>.
/// Otherwise all <see cref="SelfConsistencyOptions.Samples"/> are drawn (in parallel batches of
/// <see cref="SelfConsistencyOptions.Parallelism"/> when not adaptive) and it stops with <c>max_rounds</c>.
/// </para>
/// Turns: one generate turn per sample (sample 0 committed as a1), then a select turn committing the first sample
/// that gave the majority answer (aT) and stating the tally and the number of samples used. With no answer in any
/// sample, sample 0 stays the answer. Immutable and thread-safe.
/// </summary>
public sealed class SelfConsistencyStrategy : Strategy<SelfConsistencyOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "self-consistency";

    internal static readonly IReadOnlyList<SettingBinding<SelfConsistencyOptions>> Bindings =
    [
        Bind.Int<SelfConsistencyOptions>("samples", "Samples at most (all of them when not adaptive).", 1, SelfConsistencyOptions.MaxSamplesLimit, o => o.Samples, (o, v) => o with { Samples = v }),
        Bind.Bool<SelfConsistencyOptions>("adaptive", "Stop early by the Adaptive-Consistency Beta rule.", o => o.Adaptive, (o, v) => o with { Adaptive = v }),
        Bind.Double<SelfConsistencyOptions>("threshold", "Stop once P(majority is the mode) reaches this.", 0.5, 1.0, o => o.Threshold, (o, v) => o with { Threshold = v }),
        Bind.Int<SelfConsistencyOptions>("min_samples", "Never stop early before this many samples.", 1, SelfConsistencyOptions.MaxSamplesLimit, o => o.MinSamples, (o, v) => o with { MinSamples = v }),
        Bind.Int<SelfConsistencyOptions>("parallelism", "Samples drawn concurrently when not adaptive.", 1, SelfConsistencyOptions.MaxParallelism, o => o.Parallelism, (o, v) => o with { Parallelism = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> naming a bad bound.</summary>
    public SelfConsistencyStrategy(SelfConsistencyOptions? options = null)
        : base(options ?? new SelfConsistencyOptions(), Bindings)
    {
        Bounds.Check(Options.Samples, 1, SelfConsistencyOptions.MaxSamplesLimit, nameof(SelfConsistencyOptions.Samples));
        Bounds.Check(Options.Threshold, 0.5, 1.0, nameof(SelfConsistencyOptions.Threshold));
        Bounds.Check(Options.MinSamples, 1, Options.Samples, nameof(SelfConsistencyOptions.MinSamples));
        Bounds.Check(Options.Parallelism, 1, SelfConsistencyOptions.MaxParallelism, nameof(SelfConsistencyOptions.Parallelism));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            var attempts = new List<Attempt>();
            var stop = StopReasons.MaxRounds;
            if (Options.Adaptive)
            {
                for (var i = 0; i < Options.Samples; i++)
                {
                    attempts.AddRange(await StrategyRun.SampleAsync(builder, problem.Messages, i, 1, 1, cancellationToken).ConfigureAwait(false));
                    var tally = VoteTally.Of(context, attempts);
                    if (attempts.Count >= Options.MinSamples && tally.Winner is not null
                        && AdaptiveConsistency.ShouldStop(tally.Top, tally.Second, Options.Threshold))
                    {
                        stop = StopReasons.Consensus;
                        break;
                    }
                }
            }
            else
            {
                attempts.AddRange(await StrategyRun.SampleAsync(builder, problem.Messages, 0, Options.Samples, Options.Parallelism, cancellationToken).ConfigureAwait(false));
            }

            var final = VoteTally.Of(context, attempts);
            var chosen = final.Winner is { } w ? attempts[w.FirstIndex] : attempts[0];
            builder.AddTurn(TurnRole.Select, [], Describe(final, attempts.Count), chosen, committed: true);
            return builder.Finish(stop);
        }, cancellationToken);

    /// <summary>The select turn's text: the winner, the tally, samples used and the Beta probability.</summary>
    internal static string Describe(VoteTally tally, int samples)
    {
        var used = samples.ToString(CultureInfo.InvariantCulture);
        if (tally.Winner is not { } winner)
        {
            return $"No sample had an answer; keeping sample 0. Samples used: {used}.";
        }

        var p = AdaptiveConsistency.MajorityProbability(tally.Top, tally.Second);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Majority answer: {winner.Key} ({winner.Count} of {tally.Voters} votes; first given by sample {winner.FirstIndex}). Votes: {tally.Describe()}. Samples used: {used}. P(majority is the mode) = {p:0.00000}.");
    }
}
