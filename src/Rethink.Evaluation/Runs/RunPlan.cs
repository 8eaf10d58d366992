using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// What <see cref="EvaluationRunner"/> executes: the live strategies, verifier and problems, and the configuration that
/// describes them. The configuration's strategy descriptions and verifier name are derived from the live objects, so
/// the two cannot disagree. Immutable.
/// </summary>
public sealed record RunPlan
{
    private readonly RunConfiguration _configuration = null!;

    /// <summary>
    /// The configuration (what the run store records and fingerprints). Set it with everything but the strategies and
    /// the scoring verifier: those are read from <see cref="Strategies"/> and <see cref="ScoringVerifier"/>.
    /// </summary>
    public required RunConfiguration Configuration
    {
        get => _configuration with
        {
            Strategies = Strategies.Select(StrategyDescription.From).ToList(),
            ScoringVerifier = ScoringVerifier.Name,
        };
        init => _configuration = value;
    }

    /// <summary>The problems, in dataset order; ids must be unique.</summary>
    public required IReadOnlyList<Problem> Problems { get; init; }

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
