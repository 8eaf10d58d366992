namespace Rethink.Data;

/// <summary>The provenance of a judged response: the run, strategy, model and sample that produced it. Immutable.</summary>
public sealed record ResponseSource
{
    /// <summary>The run that produced the response (or a label for a response file).</summary>
    public required string RunId { get; init; }

    /// <summary>The strategy that produced it.</summary>
    public required string Strategy { get; init; }

    /// <summary>The strategy's settings fingerprint (<see cref="StrategyFingerprint.Of"/>), when known.</summary>
    public string? StrategyFingerprint { get; init; }

    /// <summary>The model, as <c>ModelDescription.Describe()</c> writes it.</summary>
    public required string Model { get; init; }

    /// <summary>The run sample index.</summary>
    public int Sample { get; init; }

    /// <summary>The sample's seed, when known.</summary>
    public long? Seed { get; init; }

    /// <summary>The scoring verifier behind <see cref="JudgedResponse.Gold"/>, when there is one.</summary>
    public string? Verifier { get; init; }
}
