using Microsoft.Extensions.AI;

namespace Rethink.Core;

/// <summary>
/// What a strategy may use for one run: the generator, optional critic model, critic, feedback verifier and judge,
/// the answer extractor, base chat options and budgets. Anything not in the context is off limits to the strategy.
/// </summary>
public sealed record StrategyContext
{
    /// <summary>The model that generates and revises answers.</summary>
    public required IChatClient Generator { get; init; }

    /// <summary>The model used for LLM critiques; null means the generator critiques itself.</summary>
    public IChatClient? CriticModel { get; init; }

    /// <summary>A non-LLM or custom critic; when set, strategies that critique use it instead of their prompt.</summary>
    public ICritic? Critic { get; init; }

    /// <summary>
    /// A verifier the strategy may consult as feedback. When it reads the reference, results are oracle-assisted;
    /// trajectories record that they saw it.
    /// </summary>
    public IVerifier? FeedbackVerifier { get; init; }

    /// <summary>A judge for selectors (best-of-n).</summary>
    public IJudge? Judge { get; init; }

    /// <summary>
    /// Runs model-written programs for tool-using strategies (critic, progco, self-debug); null when code execution is
    /// not available, in which case those strategies fail with a message saying so.
    /// </summary>
    public Execution.ICodeExecutor? CodeExecutor { get; init; }

    /// <summary>Extracts and normalises final answers (for votes, no-change checks, attempts).</summary>
    public IAnswerExtractor Extractor { get; init; } = LastLineAnswerExtractor.Instance;

    /// <summary>Base options for every call (model id, max tokens, temperature for first answers). Cloned per call.</summary>
    public ChatOptions? Options { get; init; }

    /// <summary>Temperature for strategies that draw several samples (self-consistency, best-of-n).</summary>
    public float SampleTemperature { get; init; } = 0.7f;

    /// <summary>Base seed; sample i is drawn with seed Seed + i where the provider honours seeds.</summary>
    public long Seed { get; init; }

    /// <summary>Per-problem token budget (input + output, all roles); null for none.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>The model that critiques: <see cref="CriticModel"/> or, when null, <see cref="Generator"/>.</summary>
    public IChatClient CriticClient => CriticModel ?? Generator;
}
