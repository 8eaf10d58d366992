namespace Rethink.Providers;

/// <summary>
/// A model spec or the provider settings it needs are wrong: an unknown scheme, a malformed URL, a URL with
/// credentials, a missing lab model, a malformed environment variable. The message is the one line a user reads and
/// names the spec or the variable; it never holds a secret. The CLI reports it as a usage error (exit code 2).
/// </summary>
public sealed class ModelConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelConfigurationException()
    {
    }

    /// <summary>Creates the exception with its one-line message.</summary>
    public ModelConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public ModelConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
