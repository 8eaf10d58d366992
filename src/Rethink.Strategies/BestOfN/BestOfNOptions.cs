namespace Rethink.Strategies;

/// <summary>Options of <see cref="BestOfNStrategy"/>.</summary>
public sealed record BestOfNOptions
{
    /// <summary>Largest <see cref="Samples"/> accepted.</summary>
    public const int MaxSamplesLimit = 64;

    /// <summary>Largest <see cref="Parallelism"/> accepted.</summary>
    public const int MaxParallelism = 16;

    /// <summary>Samples drawn (N).</summary>
    public int Samples { get; init; } = 4;

    /// <summary>How the answer is chosen (default majority, the one selector that needs nothing else in the context).</summary>
    public BestOfNSelector Selector { get; init; } = BestOfNSelector.Majority;

    /// <summary>Samples drawn concurrently.</summary>
    public int Parallelism { get; init; } = 1;
}
