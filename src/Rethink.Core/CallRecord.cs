namespace Rethink.Core;

/// <summary>Everything about one model call: what was sent, with which settings, what came back, what it cost.</summary>
public sealed record CallRecord
{
    /// <summary>The part this call played (cost is split by it).</summary>
    public required ModelRole Role { get; init; }

    /// <summary>The messages sent, in order.</summary>
    public required IReadOnlyList<Message> Messages { get; init; }

    /// <summary>Settings the call was made with.</summary>
    public CallSettings Settings { get; init; } = new();

    /// <summary>The response text.</summary>
    public required string Output { get; init; }

    /// <summary>Tokens reported by the provider (zero when it reports none).</summary>
    public TokenUsage Usage { get; init; }

    /// <summary>Wall-clock latency of the call.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Index of the sample when a strategy draws several for the same prompt; part of the cache key.</summary>
    public int SampleIndex { get; init; }

    /// <summary>True when the response came from the response cache rather than the provider.</summary>
    public bool Cached { get; init; }

    /// <summary>The provider's finish reason (stop, length, ...), when reported.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Mean log-probability of the generated tokens, when the provider returned log-probabilities.</summary>
    public double? MeanLogProb { get; init; }
}
