namespace Rethink.Core;

/// <summary>
/// Checks an attempt against the problem's <see cref="Reference"/> or by execution. The same verifier may score a
/// run (never visible to the strategy) or be handed to a strategy as feedback (the oracle / strong-verifier setting,
/// recorded in <see cref="Trajectory.SawVerifier"/>). Implementations must be thread-safe.
/// </summary>
public interface IVerifier
{
    /// <summary>Short stable name (e.g. <c>numeric</c>, <c>choice</c>), used in reports.</summary>
    string Name { get; }

    /// <summary>The verdict on <paramref name="attempt"/>, with a stable reason id.</summary>
    Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default);
}
