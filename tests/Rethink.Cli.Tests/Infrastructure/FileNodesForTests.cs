using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rethink.Cli.Tests.Infrastructure;

/// <summary>
/// Device nodes, FIFOs and file types for the output-target tests, made and read with the system's own tools so the
/// checks do not share code with what they check. As root a test never writes to the real /dev/null or /dev/full:
/// it makes its own node with the same numbers in its temporary folder, so a regression cannot destroy the real one.
/// </summary>
internal static partial class FileNodesForTests
{
    public static bool IsRoot => GetEffectiveUid() == 0;

    /// <summary>
    /// A character device like the one at <paramref name="real"/>: as root a node made in <paramref name="folder"/>
    /// (mknod), otherwise the real one, which a user other than root cannot replace.
    /// </summary>
    public static string CharacterDevice(string folder, string name, int major, int minor, string real)
    {
        if (!IsRoot)
        {
            return real;
        }

        var path = Path.Combine(folder, name);
        Run("mknod", path, "c", major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    public static string Fifo(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        Run("mkfifo", path);
        return path;
    }

    /// <summary>What <c>stat</c> calls the node at <paramref name="path"/> itself (a symlink is not followed): "character special file", "fifo", "symbolic link", "regular file", ...</summary>
    public static string TypeOf(string path) => Run("stat", "-c", "%F", path).Trim();

    /// <summary>The permission bits as <c>stat</c> prints them, e.g. "600".</summary>
    public static string ModeOf(string path) => Run("stat", "-c", "%a", path).Trim();

    public static void SetMode(string path, string mode) => Run("chmod", mode, path);

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUid();
}
