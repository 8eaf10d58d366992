using System.Runtime.CompilerServices;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>Paths in the source tree (the shipped models, snapshot files), found from this file's location.</summary>
public static class RepoPaths
{
    public static string TestProject { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, ".."));

    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    public static string LabCritique => Path.Combine(Root, "models", "lab-critique.gguf");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
