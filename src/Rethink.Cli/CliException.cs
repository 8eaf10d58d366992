namespace Rethink.Cli;

/// <summary>
/// A failure the CLI understands: the message is the one line the user sees and <see cref="ExitCode"/> is one of
/// <see cref="ExitCodes"/>. Messages must not contain secrets; they are redacted anyway before printing.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.Unexpected;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Endpoint(string message, Exception? inner = null) => new(ExitCodes.Endpoint, message, inner);
}
