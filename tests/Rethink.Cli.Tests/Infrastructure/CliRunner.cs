using System.Globalization;

namespace Rethink.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the CLI in-process with a private environment and captures both streams. Commands that store runs without a
/// --store of their own (score, eval) write to a store of this runner's in the temp folder (RETHINK_STORE), never to
/// the repository the tests run in.
/// </summary>
public sealed class CliRunner
{
    private static readonly string StoreFolder = Directory.CreateTempSubdirectory("rethink-cli-test-stores-").FullName;

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["RETHINK_STORE"] = Path.Combine(StoreFolder, Guid.NewGuid().ToString("N") + ".db"),
    };

    public string WorkingDirectory { get; init; } = RepoPaths.Root;

    public bool ErrorIsTerminal { get; init; }

    public async Task<CliResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var stderr = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var host = new CliHost
        {
            Out = TextWriter.Synchronized(stdout),
            Error = TextWriter.Synchronized(stderr),
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out var value) ? value : null,
            WorkingDirectory = WorkingDirectory,
            ErrorIsTerminal = ErrorIsTerminal,
            HelpWidth = 100,
            ProgressInterval = TimeSpan.FromMilliseconds(50),
        };
        var code = await CliApp.RunAsync(args, host, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync((IReadOnlyList<string>)args);
}
