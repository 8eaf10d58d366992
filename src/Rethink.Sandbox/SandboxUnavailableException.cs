namespace Rethink.Sandbox;

/// <summary>
/// The sandbox cannot run on this machine; the message names the missing piece and how to add it (for example
/// "bubblewrap (bwrap) not found at /usr/bin/bwrap: apt-get install bubblewrap").
/// </summary>
public sealed class SandboxUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SandboxUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message naming the missing piece.</summary>
    public SandboxUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that revealed it.</summary>
    public SandboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
