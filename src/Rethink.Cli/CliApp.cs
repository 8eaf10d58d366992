using System.CommandLine;
using System.CommandLine.Invocation;
using System.Diagnostics.CodeAnalysis;
using Rethink.Cli.Commands;
using Rethink.Cli.Telemetry;
using Rethink.Providers;
using Rethink.Cli.Output;

namespace Rethink.Cli;

/// <summary>
/// The <c>rethink</c> command as a library call: parses <c>args</c>, runs the command against the given host and
/// returns the exit code (see <see cref="ExitCodes"/>). Nothing is written to the real console unless the host's
/// writers are the console's, so tests run the whole CLI in-process and read every byte it printed.
/// </summary>
[SuppressMessage("Performance", "CA1515", Justification = "Public entry point for tests and embedding hosts.")]
public static class CliApp
{
    /// <summary>Runs the CLI with the real process environment, writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, CliHost.Over(stdout, stderr), cancellationToken);

    /// <summary>
    /// Runs the CLI against <paramref name="host"/>. Cancelling <paramref name="cancellationToken"/> stops a run
    /// gracefully (exit code <see cref="ExitCodes.Incomplete"/>, with the resume command printed).
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        var context = new CliContext(host, args);

        // Checked before parsing so that the value after the option is never echoed in a parse error.
        if (ApiKeys.FindKeyOption(args) is { } keyOption)
        {
            context.WriteError(
                $"{keyOption} is not accepted: API keys are read from the environment only; set {ApiKeys.PrimaryVariable} (or {ApiKeys.FallbackVariable})");
            return ExitCodes.Usage;
        }

        ModelTelemetry? telemetry;
        try
        {
            telemetry = ModelTelemetry.FromEnvironment(host, text => context.Scrubber.Scrub(text)!);
        }
        catch (CliException e)
        {
            context.WriteError(e.Message);
            return e.ExitCode;
        }

        // Disposed on every way out, so spans and metrics are flushed even when the command fails.
        using var telemetryScope = telemetry;
        context.Telemetry = telemetry;
        var root = CommandTree.Build(context);
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            var command = parseResult.CommandResult.Command;
            var helpHint = command is RootCommand ? "rethink --help" : $"rethink {command.Name} --help";
            context.WriteError($"{parseResult.Errors[0].Message} (see '{helpHint}')");
            return ExitCodes.Usage;
        }

        var verbose = parseResult.GetValue(CommandTree.Verbose);
        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = host.Out,
                Error = host.Error,
                EnableDefaultExceptionHandler = false,

                // Program wires Ctrl+C to the token itself, so a run can finish its in-flight problems.
                ProcessTerminationTimeout = null,
            };
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.WriteError("cancelled");
            return ExitCodes.Incomplete;
        }
        catch (Exception exception)
        {
            var (exitCode, message) = ErrorReporter.Classify(exception);
            context.WriteError(message);
            if (verbose)
            {
                host.Error.WriteLine(context.Scrubber.Scrub(exception.ToString()));
            }
            else if (exitCode == ExitCodes.Unexpected && exception is not CliException)
            {
                context.WriteHint("rerun with --verbose for details");
            }

            return exitCode;
        }
    }
}
