using System.Buffers.Text;
using System.Globalization;

namespace Rethink.Sandbox;

/// <summary>Reads /proc: which processes belong to a uid, and kills them.</summary>
internal static class ProcessTable
{
    private static readonly byte[] UidKey = "\nUid:"u8.ToArray();
    private static readonly byte[] StateKey = "\nState:"u8.ToArray();
    private static readonly byte[] ThreadsKey = "\nThreads:"u8.ToArray();

    /// <summary>
    /// Pids whose real or effective uid is <paramref name="uid"/> (zombies excluded: they run nothing), among pids from
    /// <paramref name="firstPid"/> on. A run's processes all have pids at or above its first process's, since Linux
    /// hands pids out in increasing order; if the counter wrapped around since (the last pid in /proc/loadavg is below
    /// <paramref name="firstPid"/>), every pid is scanned.
    /// </summary>
    public static List<int> PidsOfUid(int uid, int firstPid = 0) => Scan(uid, countThreads: false, WrappedSince(firstPid) ? 0 : firstPid).Pids;

    /// <summary>Threads (what RLIMIT_NPROC counts) of the processes of <paramref name="uid"/>.</summary>
    public static int ThreadsOfUid(int uid) => Scan(uid, countThreads: true, 0).Threads;

    /// <summary>
    /// Kills every process of <paramref name="uid"/> until none is left or <paramref name="limit"/> passes; returns how
    /// many remain (0 is the only good answer). Repeats because a fork bomb can fork between the scan and the kill; the
    /// process cap bounds how many rounds that takes.
    /// </summary>
    public static int KillAllOfUid(int uid, int firstPid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var pids = PidsOfUid(uid, firstPid);
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

            // Killed processes linger until the kernel has torn them down.
            Thread.Sleep(2);
        }
    }

    // Reading /proc/<pid>/status is expensive for the kernel (about 0.1 ms a process on a loaded VM, against 0.01 ms
    // for a stat), and a scan runs after every execution: hence the pid floor, and one read parsed from bytes. The
    // directory owner (a stat) would be cheaper but lies for a process that made itself non-dumpable.
    private static (List<int> Pids, int Threads) Scan(int uid, bool countThreads, int firstPid)
    {
        var found = new List<int>();
        var threads = 0;
        Span<byte> buffer = stackalloc byte[4096];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.IsEmpty || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid < firstPid)
            {
                continue;
            }

            var read = ReadStatus(dir, buffer);
            if (read <= 0)
            {
                continue; // exited while we looked
            }

            var status = buffer[..read];
            if (UidMatches(status, uid) && !IsZombie(status))
            {
                found.Add(pid);
                threads += countThreads ? FieldNumber(status, ThreadsKey) ?? 1 : 1;
            }
        }

        return (found, threads);
    }

    private static bool WrappedSince(int firstPid)
    {
        if (firstPid <= 0)
        {
            return false;
        }

        // "0.52 0.58 0.59 1/257 12345": the last field is the most recently allocated pid.
        var text = File.ReadAllText("/proc/loadavg");
        var last = text.AsSpan().TrimEnd();
        last = last[(last.LastIndexOf(' ') + 1)..];
        return !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastPid) || lastPid < firstPid;
    }

    private static int ReadStatus(string dir, Span<byte> buffer)
    {
        try
        {
            using var handle = File.OpenHandle(Path.Join(dir, "status"));
            return RandomAccess.Read(handle, buffer, 0);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool IsZombie(ReadOnlySpan<byte> status)
    {
        var value = Field(status, StateKey);
        return !value.IsEmpty && value[0] == (byte)'Z';
    }

    // "Uid:\treal\teffective\tsaved\tfs": a match on the real or the effective uid.
    private static bool UidMatches(ReadOnlySpan<byte> status, int uid)
    {
        var value = Field(status, UidKey);
        for (var i = 0; i < 2 && !value.IsEmpty; i++)
        {
            if (!Utf8Parser.TryParse(value, out long id, out var consumed))
            {
                return false;
            }

            if (id == uid)
            {
                return true;
            }

            value = value[consumed..].TrimStart("\t "u8);
        }

        return false;
    }

    private static int? FieldNumber(ReadOnlySpan<byte> status, byte[] key) =>
        Utf8Parser.TryParse(Field(status, key), out int value, out _) ? value : null;

    /// <summary>The value after "\nKey:" up to the end of its line, leading blanks trimmed; empty when absent.</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> status, byte[] key)
    {
        var at = status.IndexOf(key);
        if (at < 0)
        {
            return default;
        }

        var rest = status[(at + key.Length)..];
        var end = rest.IndexOf((byte)'\n');
        return (end < 0 ? rest : rest[..end]).TrimStart("\t "u8);
    }

}
