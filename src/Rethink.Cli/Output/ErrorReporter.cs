using Rethink.Providers;

namespace Rethink.Cli.Output;

/// <summary>
/// Turns an exception into the exit code and the one line the user reads. The first exception in the inner chain that
/// the CLI understands decides: its own <see cref="CliException"/>s, a model spec or provider setting that is wrong
/// (exit 2), and every failure of the model endpoint (exit 3, recognised by <see cref="EndpointFailures"/>).
/// </summary>
internal static class ErrorReporter
{
    public static (int ExitCode, string Message) Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var e in EndpointFailures.Chain(exception))
        {
            switch (e)
            {
                case CliException cli:
                    return (cli.ExitCode, cli.Message);
                case ModelConfigurationException configuration:
                    return (ExitCodes.Usage, configuration.Message);
                default:
                    if (EndpointFailures.DescribeOne(e) is { } endpoint)
                    {
                        return (ExitCodes.Endpoint, endpoint);
                    }

                    break;
            }
        }

        return (ExitCodes.Unexpected, $"unexpected error: {exception.GetType().Name}: {exception.Message}");
    }
}
