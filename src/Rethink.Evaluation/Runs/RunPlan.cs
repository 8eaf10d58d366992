using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// What <see cref="EvaluationRunner"/> executes: the configuration and the live objects it describes. The runner checks
/// that <see cref="Strategies"/> match <see cref="RunConfiguration.Strategies"/> (names and settings, in order) and that
/// <see cref="ScoringVerifier"/> is the one the configuration names. Immutable.
/// </summary>
public sealed record RunPlan
{
    /// <summary>The configuration (what the run store records and fingerprints).</summary>
    public required RunConfiguration Configuration { get; init; }

    /// <summary>The problems, in dataset order; ids must be unique. Use <c>ToAsyncEnumerable()</c> for an in-memory list.</summary>
    public required IAsyncEnumerable<Problem> Problems { get; init; }

    /// <summary>The strategies, in the configuration's order.</summary>
    public required IReadOnlyList<IStrategy> Strategies { get; init; }

    /// <summary>
    /// Builds the context of one (strategy, problem, sample): generator, critic model or critic, feedback verifier,
    /// judge and extractor are the caller's choice (wrap the generator in a <see cref="ResponseCacheChatClient"/> to
    /// cache). The runner then sets <see cref="StrategyContext.Options"/>, <see cref="StrategyContext.Seed"/> and
    /// <see cref="StrategyContext.MaxTokens"/> from the configuration, so what runs is what the fingerprint describes.
    /// Called concurrently from worker tasks; must be thread-safe. Must never hand over the scoring verifier unless the
    /// configuration's <see cref="RunConfiguration.Components"/> says so (the oracle setting).
    /// </summary>
    public required Func<StrategyContextRequest, StrategyContext> ContextFactory { get; init; }

    /// <summary>Scores every committed attempt; never visible to the strategy through the runner.</summary>
    public required IVerifier ScoringVerifier { get; init; }

    /// <summary>Removes secrets from error messages and the stored configuration.</summary>
    public SecretScrubber Scrubber { get; init; } = SecretScrubber.Default;
}
