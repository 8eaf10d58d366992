using System.Diagnostics.CodeAnalysis;

namespace Rethink.Cli;

/// <summary>
/// What the CLI may touch of the outside world: its two output streams, the environment, the working directory and
/// whether stderr is an interactive terminal. <see cref="Program"/> builds one from the real console; tests build one
/// over string writers so they can read every byte the command printed.
/// </summary>
[SuppressMessage("Performance", "CA1515", Justification = "Public so tests and hosts can run the CLI in-process.")]
public sealed record CliHost
{
    /// <summary>Where answers and reports go (stdout).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where errors, progress and hints go (stderr).</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable; tests substitute a dictionary so they never touch the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The directory relative paths (dataset, store, output files) are resolved against.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>True when <see cref="Error"/> is an interactive terminal: progress is then drawn live instead of as periodic lines.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Width help text is wrapped at; fixed by default so help reads the same everywhere.</summary>
    public int HelpWidth { get; init; } = 100;

    /// <summary>How often plain (non-terminal) progress lines are written.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A host over the given writers and the real process environment.</summary>
    public static CliHost Over(TextWriter stdout, TextWriter stderr) => new() { Out = stdout, Error = stderr };

    /// <summary>An absolute path for a user-given path, relative ones taken from <see cref="WorkingDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
