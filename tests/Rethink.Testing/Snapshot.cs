using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace Rethink.Testing;

/// <summary>
/// Golden files for text a person or a client parser reads (reports, CLI help, the SSE byte stream): the text is
/// compared with the file NAME in the nearest Snapshots folder at or above the calling test's source file, within its
/// test project (a new one is made beside the source file). A mismatch or a missing file fails with a line diff; with
/// <see cref="UpdateVariable"/>=1 the file is (re)written instead (UTF-8 without a BOM; review the diff before
/// committing). Line ends of the golden file are read as LF, so a checkout with CRLF still matches; nothing else is
/// normalised.
/// </summary>
public static class Snapshot
{
    /// <summary>The environment variable that turns comparison into (re)writing.</summary>
    public const string UpdateVariable = "RETHINK_UPDATE_SNAPSHOTS";

    /// <summary>Compares <paramref name="actual"/> with the golden file <paramref name="name"/> (see the class remarks).</summary>
    public static void Match(string name, string actual, [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var path = Path.Combine(FolderFor(sourceFile), name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        if (!File.Exists(path))
        {
            throw new XunitException($"Snapshot {path} does not exist. Run the tests with {UpdateVariable}=1 to create it.\n\n{actual}");
        }

        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new XunitException(
                $"Snapshot {name} differs (- expected, + actual). Run with {UpdateVariable}=1 to accept.\n{Diff(expected, actual)}");
        }
    }

    /// <summary>
    /// <paramref name="text"/> with LF line ends and no spaces at line ends: for text that wraps with trailing spaces
    /// (CLI help), which editors strip from golden files.
    /// </summary>
    public static string WithoutTrailingSpaces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()));
    }

    /// <summary>
    /// The lines that differ between <paramref name="expected"/> and <paramref name="actual"/>, as <c>-N: line</c> and
    /// <c>+N: line</c> (1-based line numbers of each side).
    /// </summary>
    public static string Diff(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);

        // A longest-common-subsequence line diff; snapshots are small, so the quadratic table is fine.
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var sb = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                sb.Append($"-{x + 1,4}: ").Append(a[x++]).Append('\n');
            }
            else
            {
                sb.Append($"+{y + 1,4}: ").Append(b[y++]).Append('\n');
            }
        }

        return sb.ToString();
    }

    // Golden files sit in one Snapshots folder per test project or beside the tests that own them; walking up stops at
    // the project folder so another project's snapshots are never picked up.
    private static string FolderFor(string sourceFile)
    {
        var start = Path.GetDirectoryName(sourceFile)!;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Snapshots");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (dir.EnumerateFiles("*.csproj").Any())
            {
                break;
            }
        }

        return Path.Combine(start, "Snapshots");
    }
}
