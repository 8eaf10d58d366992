namespace Rethink.Core.Metrics;

/// <summary>One problem's sampled results for pass@k.</summary>
/// <param name="Samples">Number of samples drawn (n).</param>
/// <param name="Correct">Number that passed (c).</param>
public readonly record struct PassCount(int Samples, int Correct);
