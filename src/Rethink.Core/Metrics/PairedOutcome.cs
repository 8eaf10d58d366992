namespace Rethink.Core.Metrics;

/// <summary>
/// The correctness of one unit (a problem, or one sample of a problem) under two conditions that are compared in pairs:
/// the first answer and the final answer of one trajectory, or strategy A and strategy B on the same problem and sample.
/// </summary>
/// <param name="Before">Correct under the reference condition (the first answer a1, or strategy A).</param>
/// <param name="After">Correct under the compared condition (the final answer aT, or strategy B).</param>
public readonly record struct PairedOutcome(bool Before, bool After);
