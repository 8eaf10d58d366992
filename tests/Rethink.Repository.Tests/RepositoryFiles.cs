using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Rethink.Repository.Tests;

/// <summary>
/// The repository's files as a reader of it sees them: every file git tracks or would track (untracked files that are
/// not ignored count too, so a new file is checked before it is committed). Without git (an exported tree), every file
/// under the root but bin/, obj/, .git/ and TestResults/.
/// </summary>
public static class RepositoryFiles
{
    private static readonly string[] BinaryExtensions = [".gguf", ".gz", ".zip", ".db", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".dll", ".exe", ".ckpt"];

    private static readonly string[] SkippedDirectories = ["bin", "obj", ".git", "TestResults", ".vs"];

    /// <summary>The repository root: the directory holding Rethink.slnx, found from this file's location.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Repository-relative paths (forward slashes) of every file that exists, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = List();

    /// <summary>The files of <see cref="All"/> that are text: no known binary extension and no NUL byte in the first 8 KiB.</summary>
    public static IEnumerable<string> Text() => All.Where(IsText);

    /// <summary>The full path of a repository-relative path.</summary>
    public static string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static bool IsText(string relative)
    {
        if (BinaryExtensions.Contains(Path.GetExtension(relative), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        using var stream = File.OpenRead(FullPath(relative));
        var buffer = new byte[8192];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) < 0;
    }

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rethink.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Rethink.slnx) above " + thisFile);
    }

    private static List<string> List()
    {
        var files = FromGit() ?? Walk();
        return files.Where(f => File.Exists(FullPath(f))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static List<string>? FromGit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "ls-files -z --cached --others --exclude-standard")
            {
                WorkingDirectory = Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var stdout = git.StandardOutput.ReadToEndAsync();
            var stderr = git.StandardError.ReadToEndAsync();
            git.WaitForExit();
            if (git.ExitCode != 0)
            {
                _ = stderr.Result;
                return null;
            }

            return stdout.Result.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static List<string> Walk()
    {
        var files = new List<string>();
        var pending = new Stack<string>([Root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub), StringComparer.Ordinal))
                {
                    pending.Push(sub);
                }
            }

            files.AddRange(Directory.EnumerateFiles(dir).Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/')));
        }

        return files;
    }
}
