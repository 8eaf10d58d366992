using System.Runtime.CompilerServices;

namespace Rethink.Cli.Tests.Infrastructure;

/// <summary>Paths in the source tree (samples, snapshot files), found from this file's location.</summary>
public static class RepoPaths
{
    public static string TestProject { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, ".."));

    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    public static string Samples => Path.Combine(Root, "samples");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
