namespace Rethink.Core;

/// <summary>The generation settings a call was made with (what matters for reproducing or caching it).</summary>
public sealed record CallSettings
{
    /// <summary>The model id requested, if any.</summary>
    public string? ModelId { get; init; }

    /// <summary>Sampling temperature.</summary>
    public float? Temperature { get; init; }

    /// <summary>Nucleus sampling mass.</summary>
    public float? TopP { get; init; }

    /// <summary>Maximum tokens to generate.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Sampling seed.</summary>
    public long? Seed { get; init; }

    /// <summary>Stop sequences.</summary>
    public IReadOnlyList<string>? StopSequences { get; init; }
}
