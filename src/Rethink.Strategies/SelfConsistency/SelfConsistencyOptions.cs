namespace Rethink.Strategies;

/// <summary>Options of <see cref="SelfConsistencyStrategy"/>.</summary>
public sealed record SelfConsistencyOptions
{
    /// <summary>Largest <see cref="Samples"/> accepted.</summary>
    public const int MaxSamplesLimit = 200;

    /// <summary>Largest <see cref="Parallelism"/> accepted.</summary>
    public const int MaxParallelism = 16;

    /// <summary>Samples at most (all of them when not adaptive).</summary>
    public int Samples { get; init; } = 10;

    /// <summary>Stop early by the Adaptive-Consistency Beta rule; samples are then drawn one at a time.</summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>Stop once P(majority is the mode) reaches this (0.5 to 1).</summary>
    public double Threshold { get; init; } = 0.95;

    /// <summary>Never stop early before this many samples (1 to <see cref="Samples"/>).</summary>
    public int MinSamples { get; init; } = 1;

    /// <summary>Samples drawn concurrently when not adaptive (ignored when adaptive).</summary>
    public int Parallelism { get; init; } = 1;
}
