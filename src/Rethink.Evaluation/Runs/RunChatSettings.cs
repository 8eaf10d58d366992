using Microsoft.Extensions.AI;

namespace Rethink.Evaluation.Runs;

/// <summary>Base generation settings every call of a run starts from (strategies may override per call). Immutable.</summary>
public sealed record RunChatSettings
{
    /// <summary>Sampling temperature; null leaves the provider's default.</summary>
    public float? Temperature { get; init; }

    /// <summary>Nucleus sampling mass; null leaves the provider's default.</summary>
    public float? TopP { get; init; }

    /// <summary>Maximum tokens generated per call; null leaves the provider's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Stop sequences; null for none.</summary>
    public IReadOnlyList<string>? StopSequences { get; init; }

    /// <summary>
    /// Temperature of the samples multi-sample strategies draw (self-consistency, best-of-n, ...); null keeps
    /// <see cref="Core.StrategyContext.SampleTemperature"/>'s default.
    /// </summary>
    public float? SampleTemperature { get; init; }

    /// <summary>New chat options carrying these settings, <paramref name="modelId"/> and <paramref name="seed"/>.</summary>
    public ChatOptions ToChatOptions(string modelId, long seed) => new()
    {
        ModelId = modelId,
        Temperature = Temperature,
        TopP = TopP,
        MaxOutputTokens = MaxOutputTokens,
        StopSequences = StopSequences?.ToList(),
        Seed = seed,
    };
}
