using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace Rethink.Evaluation.Tests.Reports;

/// <summary>
/// Golden-file comparison against tests/Rethink.Evaluation.Tests/Reports/Snapshots/NAME. With RETHINK_UPDATE_SNAPSHOTS=1
/// the file is (re)written instead; a mismatch or a missing file fails with a line diff.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "RETHINK_UPDATE_SNAPSHOTS";

    public static void Match(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", name);
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

    // A longest-common-subsequence line diff; snapshots are small, so the quadratic table is fine.
    internal static string Diff(string expected, string actual)
    {
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
}
