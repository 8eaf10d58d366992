namespace Rethink.Core;

/// <summary>
/// Produces a critique of an attempt: an LLM (self or other), a checklist, a program, tool evidence. A critic must not
/// read <see cref="Problem.Reference"/> unless it is a verifier-backed critic configured as such (that makes the run
/// oracle-assisted). Implementations must be thread-safe.
/// </summary>
public interface ICritic
{
    /// <summary>The critique of <paramref name="attempt"/> as an answer to <paramref name="problem"/>.</summary>
    Task<CritiqueResult> CritiqueAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default);
}
