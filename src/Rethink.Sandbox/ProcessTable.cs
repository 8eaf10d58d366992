using System.Globalization;

namespace Rethink.Sandbox;

/// <summary>Reads /proc: which processes belong to a uid, and kills them.</summary>
internal static class ProcessTable
{
    /// <summary>Pids whose real or effective uid is <paramref name="uid"/>.</summary>
    public static List<int> PidsOfUid(int uid) => Scan(uid, countThreads: false).Pids;

    /// <summary>Threads (what RLIMIT_NPROC counts) of the processes of <paramref name="uid"/>.</summary>
    public static int ThreadsOfUid(int uid) => Scan(uid, countThreads: true).Threads;

    private static (List<int> Pids, int Threads) Scan(int uid, bool countThreads)
    {
        var threads = 0;
        var found = new List<int>();
        var wanted = uid.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.IsEmpty || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string status;
            try
            {
                status = File.ReadAllText(Path.Join(dir, "status"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (UidLineMatches(status, wanted) && !IsZombie(status))
            {
                found.Add(pid);
                threads += countThreads ? ThreadCount(status) : 1;
            }
        }

        return (found, threads);
    }

    /// <summary>
    /// Kills every process of <paramref name="uid"/> until none is left or <paramref name="limit"/> passes; returns how
    /// many remain (0 is the only good answer). Repeats because a fork bomb can fork between the scan and the kill; the
    /// process cap bounds how many rounds that takes.
    /// </summary>
    public static int KillAllOfUid(int uid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var pids = PidsOfUid(uid);
            if (pids.Count == 0)
            {
                return 0;
            }

            foreach (var pid in pids)
            {
                Native.Kill(pid);
            }

            if (DateTime.UtcNow > deadline)
            {
                return pids.Count;
            }

            // Killed processes linger until their parent (the sandbox's init, or us for the outer bwrap) reaps them.
            Thread.Sleep(5);
        }
    }

    private static int ThreadCount(string status)
    {
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal) &&
                int.TryParse(line[8..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
        }

        return 1;
    }

    // A zombie runs nothing; it is gone once its parent (the sandbox's init, or our Process object) reaps it.
    private static bool IsZombie(string status)
    {
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("State:", StringComparison.Ordinal))
            {
                return line[6..].TrimStart().StartsWith("Z", StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static bool UidLineMatches(string status, string wanted)
    {
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                continue;
            }

            // "Uid:\treal\teffective\tsaved\tfs"
            var fields = line[4..].Trim();
            var count = 0;
            foreach (var range in fields.SplitAny(" \t"))
            {
                var field = fields[range];
                if (field.IsEmpty)
                {
                    continue;
                }

                if (field.SequenceEqual(wanted))
                {
                    return true;
                }

                if (++count == 2)
                {
                    break;
                }
            }

            return false;
        }

        return false;
    }
}
