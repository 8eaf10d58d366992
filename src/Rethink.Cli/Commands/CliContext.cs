using Rethink.Cli.Models;
using Rethink.Cli.Output;

namespace Rethink.Cli.Commands;

/// <summary>What every command handler gets: the host and the redactor every printed error passes through.</summary>
internal sealed class CliContext
{
    public CliContext(CliHost host, IReadOnlyList<string> args)
    {
        Host = host;
        Args = args;
        ApiKey = ApiKeys.Read(host.GetEnvironmentVariable);
        Redactor = new SecretRedactor([
            ApiKey,
            host.GetEnvironmentVariable(ApiKeys.PrimaryVariable),
            host.GetEnvironmentVariable(ApiKeys.FallbackVariable),
        ]);
    }

    public CliHost Host { get; }

    /// <summary>The command line as given (for the resume hint).</summary>
    public IReadOnlyList<string> Args { get; }

    public TextWriter Out => Host.Out;

    public TextWriter Error => Host.Error;

    /// <summary>The API key from the environment, or null. Never printed, stored or put in a run's configuration.</summary>
    public string? ApiKey { get; }

    public SecretRedactor Redactor { get; }

    /// <summary>Writes one error line: <c>rethink: error: ...</c>, redacted, on one line.</summary>
    public void WriteError(string message) =>
        Error.WriteLine("rethink: error: " + OneLine(Redactor.Redact(message)));

    /// <summary>Writes one hint line (how to resume, where the report went).</summary>
    public void WriteHint(string message) => Error.WriteLine("rethink: " + OneLine(Redactor.Redact(message)));

    private static string OneLine(string text) =>
        TerminalText.Sanitize(text.ReplaceLineEndings(" ").Trim());
}
