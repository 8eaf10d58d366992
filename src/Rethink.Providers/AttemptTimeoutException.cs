namespace Rethink.Providers;

/// <summary>
/// One request to a model endpoint produced no response headers within <see cref="ModelClientSettings.AttemptTimeout"/>.
/// A type of its own so the CLI reports it as an endpoint failure (exit code 3) without claiming every
/// <see cref="TimeoutException"/> from elsewhere.
/// </summary>
public sealed class AttemptTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with the one-line message the user reads.</summary>
    public AttemptTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
