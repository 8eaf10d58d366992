namespace Rethink.Cli;

/// <summary>The process entry point: the real console, the real environment, Ctrl+C wired to cancellation.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        var presses = 0;

        // The first Ctrl+C asks the run to stop after saving what it has; a second one kills the process as usual.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (Interlocked.Increment(ref presses) == 1)
            {
                e.Cancel = true;
                Console.Error.WriteLine("rethink: stopping (press Ctrl+C again to abort immediately)...");
                cancellation.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                cancellation.Cancel();
            });
        try
        {
            var host = new CliHost
            {
                Out = Console.Out,
                Error = Console.Error,
                ErrorIsTerminal = !Console.IsErrorRedirected,
                HelpWidth = Console.IsOutputRedirected ? 100 : Math.Max(60, Math.Min(Console.WindowWidth, 120)),
            };
            return await CliApp.RunAsync(args, host, cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
