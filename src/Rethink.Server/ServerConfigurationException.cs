namespace Rethink.Server;

/// <summary>
/// The server refused to start because of its configuration (a non-loopback bind without an API key, a bad limit, an
/// unknown strategy or setting, a duplicate model name). The message is one line, names the setting and holds no secret.
/// </summary>
public sealed class ServerConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServerConfigurationException()
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    public ServerConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public ServerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
