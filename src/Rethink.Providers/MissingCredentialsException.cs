namespace Rethink.Providers;

/// <summary>
/// A provider was asked for an endpoint that needs a key, and none is configured. Raised before any request, so no
/// round trip is spent on a certain 401. The CLI reports it as an endpoint failure (exit code 3).
/// </summary>
public sealed class MissingCredentialsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MissingCredentialsException()
    {
    }

    /// <summary>Creates the exception with its one-line message (naming the variables to set).</summary>
    public MissingCredentialsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public MissingCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
