namespace Rethink.Core;

/// <summary>
/// A bounded procedure Problem -> Trajectory. Implementations keep their default prompts as visible constants,
/// validate their bounds at construction, and record why they stopped. A strategy must not read
/// <see cref="Problem.Reference"/>; it learns about correctness only through a feedback verifier in its context.
/// Implementations are immutable and thread-safe: one instance serves concurrent problems.
/// </summary>
public interface IStrategy
{
    /// <summary>Stable name (e.g. <c>self-refine</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Every setting that changes behaviour (bounds, prompts, temperatures), as strings. Runs fingerprint it so a
    /// resumed run with different settings is refused with the name of the setting that changed.
    /// </summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>
    /// Runs the strategy on one problem. Throws <see cref="StrategyStoppedException"/> carrying the partial
    /// trajectory when a budget runs out or the call is cancelled.
    /// </summary>
    Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default);
}
