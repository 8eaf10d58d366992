using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// How <see cref="StrategyChatClient"/> builds the <see cref="StrategyContext"/> for each request. The generator is always
/// the inner client. Only the "safe" values (problem id, token budget, seed, sampling temperature) can be overridden per
/// request, through <see cref="StrategyRequestProperties"/>; critics, verifiers and judges cannot, so a caller cannot
/// hand a strategy an oracle it was not configured with.
/// </summary>
public sealed record StrategyChatClientOptions
{
    /// <summary>A different model for critiques; null: the inner client critiques itself.</summary>
    public Microsoft.Extensions.AI.IChatClient? CriticModel { get; init; }

    /// <summary>A non-LLM or custom critic for strategies that critique.</summary>
    public ICritic? Critic { get; init; }

    /// <summary>A verifier the strategy may consult (verify-refine, best-of-n with the verifier selector).</summary>
    public IVerifier? FeedbackVerifier { get; init; }

    /// <summary>Runs model-written programs for critic, critic-no-tool, self-debug and progco with sandbox execution.</summary>
    public Core.Execution.ICodeExecutor? CodeExecutor { get; init; }

    /// <summary>A judge for best-of-n's judge selector.</summary>
    public IJudge? Judge { get; init; }

    /// <summary>Extracts and normalises answers.</summary>
    public IAnswerExtractor Extractor { get; init; } = LastLineAnswerExtractor.Instance;

    /// <summary>Sampling temperature for strategies that draw several samples.</summary>
    public float SampleTemperature { get; init; } = 0.7f;

    /// <summary>Base seed for sampled calls.</summary>
    public long Seed { get; init; }

    /// <summary>Token budget per request (all calls of the strategy); null for none.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Makes the problem id of a request that does not carry one; default <c>chat-</c> + a new GUID.</summary>
    public Func<string>? ProblemIdFactory { get; init; }
}
