using Rethink.Core;

namespace Rethink.Testing;

/// <summary>
/// A verifier that must never be consulted: every call throws <see cref="InvalidOperationException"/> and is counted.
/// Hand it to code that should not look at a feedback verifier. Thread-safe.
/// </summary>
public sealed class ThrowingVerifier : IVerifier
{
    private int _calls;

    /// <inheritdoc />
    public string Name => "throwing";

    /// <summary>Number of (forbidden) calls.</summary>
    public int CallCount => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("This verifier must not be consulted.");
    }
}
