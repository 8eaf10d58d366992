using Rethink.Cli.Telemetry;
using Rethink.Providers;
using Rethink.Cli.Output;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Commands;

/// <summary>What every command handler gets: the host, the API key and the scrubber every printed or stored string passes through.</summary>
internal sealed class CliContext
{
    public CliContext(CliHost host, IReadOnlyList<string> args)
    {
        Host = host;
        Args = args;
        ApiKey = ApiKeys.Read(host.GetEnvironmentVariable);
        // The host's key variables are registered explicitly (tests give the CLI a private environment); the process
        // environment's secret-looking variables are included as well.
        string?[] keys = [ApiKey, host.GetEnvironmentVariable(ApiKeys.PrimaryVariable), host.GetEnvironmentVariable(ApiKeys.FallbackVariable)];
        Scrubber = new SecretScrubber(keys);

        // Replies are masked for the configured keys only: an endpoint can echo only what it was sent, and a
        // secret-looking variable of this machine (a DB_PASSWORD of 123456) would otherwise turn right answers wrong.
        ReplySecrets = new SecretScrubber(keys, includeEnvironment: false).KnownValues;
    }

    public CliHost Host { get; }

    /// <summary>The command line as given (for the resume hint).</summary>
    public IReadOnlyList<string> Args { get; }

    public TextWriter Out => Host.Out;

    public TextWriter Error => Host.Error;

    /// <summary>The API key from the environment, or null. Never printed, stored or put in a run's configuration.</summary>
    public string? ApiKey { get; }

    /// <summary>The one secret scrubber of this invocation: error lines, report files, run store, telemetry.</summary>
    public SecretScrubber Scrubber { get; }

    /// <summary>
    /// The values masked in every model reply at the provider boundary: the configured API keys, their halves and
    /// URL-escaped forms (<see cref="SecretScrubber.KnownValues"/> of those keys alone). Never printed.
    /// </summary>
    public IReadOnlyList<string> ReplySecrets { get; }

    /// <summary>Model-call telemetry when <c>RETHINK_OTEL</c> switched it on; owned and disposed by <see cref="CliApp"/>.</summary>
    public ModelTelemetry? Telemetry { get; set; }

    /// <summary>Writes one error line: <c>rethink: error: ...</c>, redacted, on one line.</summary>
    public void WriteError(string message) =>
        Error.WriteLine("rethink: error: " + OneLine(Scrubber.Scrub(message)!));

    /// <summary>Writes one hint line (how to resume, where the report went).</summary>
    public void WriteHint(string message) => Error.WriteLine("rethink: " + OneLine(Scrubber.Scrub(message)!));

    private static string OneLine(string text) =>
        TerminalText.Sanitize(text.ReplaceLineEndings(" ").Trim());
}
