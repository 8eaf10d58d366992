using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Strategies;

/// <summary>
/// <see cref="ChatClientBuilder"/> extensions that put a strategy in a pipeline: everything added after it (closer to the
/// provider) serves the strategy's individual calls. Each returns the builder. See <see cref="StrategyChatClient"/> for
/// what the resulting client does.
/// </summary>
public static class StrategyChatClientBuilderExtensions
{
    /// <summary>Adds <paramref name="strategy"/> as middleware.</summary>
    public static ChatClientBuilder UseStrategy(this ChatClientBuilder builder, IStrategy strategy, StrategyChatClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(strategy);
        return builder.Use(inner => new StrategyChatClient(inner, strategy, clientOptions));
    }

    /// <summary>Adds Self-Refine (<see cref="SelfRefineStrategy"/>).</summary>
    public static ChatClientBuilder UseSelfRefine(this ChatClientBuilder builder, SelfRefineOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new SelfRefineStrategy(options), clientOptions);

    /// <summary>Adds the reask protocol (<see cref="ReaskStrategy"/>).</summary>
    public static ChatClientBuilder UseReask(this ChatClientBuilder builder, ReaskOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new ReaskStrategy(options), clientOptions);

    /// <summary>Adds critique-then-revise (<see cref="CritiqueReviseStrategy"/>).</summary>
    public static ChatClientBuilder UseCritiqueRevise(this ChatClientBuilder builder, CritiqueReviseOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new CritiqueReviseStrategy(options), clientOptions);

    /// <summary>
    /// Adds verify-then-refine (<see cref="VerifyRefineStrategy"/>) with <paramref name="verifier"/> as its feedback
    /// verifier (replacing any in <paramref name="clientOptions"/>). Answers are oracle-assisted when the verifier reads a
    /// reference.
    /// </summary>
    public static ChatClientBuilder UseVerifyRefine(this ChatClientBuilder builder, IVerifier verifier, VerifyRefineOptions? options = null, StrategyChatClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return builder.UseStrategy(new VerifyRefineStrategy(options), (clientOptions ?? new StrategyChatClientOptions()) with { FeedbackVerifier = verifier });
    }

    /// <summary>Adds If-or-Else confidence-gated correction (<see cref="IoeStrategy"/>).</summary>
    public static ChatClientBuilder UseIoe(this ChatClientBuilder builder, IoeOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new IoeStrategy(options), clientOptions);

    /// <summary>Adds self-consistency with adaptive stopping (<see cref="SelfConsistencyStrategy"/>).</summary>
    public static ChatClientBuilder UseSelfConsistency(this ChatClientBuilder builder, SelfConsistencyOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new SelfConsistencyStrategy(options), clientOptions);

    /// <summary>Adds best-of-N (<see cref="BestOfNStrategy"/>); the verifier or judge its selector needs comes from <paramref name="clientOptions"/>.</summary>
    public static ChatClientBuilder UseBestOfN(this ChatClientBuilder builder, BestOfNOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new BestOfNStrategy(options), clientOptions);

    /// <summary>
    /// Adds CRITIC for math (<see cref="CriticStrategy"/>) with <paramref name="executor"/> running the model's programs
    /// (replacing any in <paramref name="clientOptions"/>).
    /// </summary>
    public static ChatClientBuilder UseCritic(this ChatClientBuilder builder, ICodeExecutor executor, CriticOptions? options = null, StrategyChatClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return builder.UseStrategy(new CriticStrategy(options), (clientOptions ?? new StrategyChatClientOptions()) with { CodeExecutor = executor });
    }

    /// <summary>
    /// Adds CRITIC's no-tool ablation (<see cref="CriticStrategy"/> with <see cref="CriticOptions.UseTool"/> false): the
    /// programs still run through <paramref name="executor"/> for their answers, the critique does not see the output.
    /// </summary>
    public static ChatClientBuilder UseCriticNoTool(this ChatClientBuilder builder, ICodeExecutor executor, CriticOptions? options = null, StrategyChatClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return builder.UseStrategy(new CriticStrategy((options ?? new CriticOptions()) with { UseTool = false }), (clientOptions ?? new StrategyChatClientOptions()) with { CodeExecutor = executor });
    }

    /// <summary>
    /// Adds ProgCo (<see cref="ProgCoStrategy"/>); with <see cref="ProgCoExecution.Sandbox"/> execution the executor comes
    /// from <paramref name="clientOptions"/>.
    /// </summary>
    public static ChatClientBuilder UseProgCo(this ChatClientBuilder builder, ProgCoOptions? options = null, StrategyChatClientOptions? clientOptions = null) =>
        builder.UseStrategy(new ProgCoStrategy(options), clientOptions);

    /// <summary>
    /// Adds Self-Debugging (<see cref="SelfDebugStrategy"/>) with <paramref name="executor"/> running the code and its
    /// tests (replacing any in <paramref name="clientOptions"/>). Requests carry no problem metadata, so through the
    /// middleware the tests are the doctest examples in the request text.
    /// </summary>
    public static ChatClientBuilder UseSelfDebug(this ChatClientBuilder builder, ICodeExecutor executor, SelfDebugOptions? options = null, StrategyChatClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return builder.UseStrategy(new SelfDebugStrategy(options), (clientOptions ?? new StrategyChatClientOptions()) with { CodeExecutor = executor });
    }
}
