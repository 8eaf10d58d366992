namespace Rethink.Core;

/// <summary>
/// Compares or scores attempts without a reference (pointwise, pairwise with order swap, checklist).
/// Implementations must be thread-safe.
/// </summary>
public interface IJudge
{
    /// <summary>Scores the <paramref name="candidates"/> and picks the best.</summary>
    Task<Judgement> JudgeAsync(Problem problem, IReadOnlyList<Attempt> candidates, CancellationToken cancellationToken = default);
}
