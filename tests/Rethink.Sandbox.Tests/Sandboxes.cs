using System.Diagnostics;
using System.Text;
using Rethink.Core.Execution;

namespace Rethink.Sandbox.Tests;

/// <summary>
/// Shared executors and helpers. Every test here starts real processes in the real sandbox, so they run one class at a
/// time (one collection): the timing assertions (killed within the timeout + 1 s) must not compete with a fork bomb.
/// </summary>
internal static class Sandboxes
{
    public const string Collection = "sandbox";

    private static readonly Lazy<BubblewrapExecutor> SharedSandbox = new(() => WarmedUp(new BubblewrapExecutor(Options())));
    private static readonly Lazy<UnsafeLocalExecutor> SharedUnsafe = new(() => WarmedUp(new UnsafeLocalExecutor(Options())));

    public static BubblewrapExecutor Sandbox => SharedSandbox.Value;

    public static UnsafeLocalExecutor Unsafe => SharedUnsafe.Value;

    public static string WorkRoot { get; } = Path.Join(Path.GetTempPath(), "rethink-sandbox-tests-" + Native.EffectiveUid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Test options. The tests draw from their own uid range, apart from the default pool: other checkouts on the same
    /// machine may run older builds of this executor that keep their uid locks elsewhere, and a shared uid would let
    /// their post-run sweep kill our programs (and ours theirs).
    /// </summary>
    public static SandboxOptions Options() => new()
    {
        WorkRoot = WorkRoot,
        BaseUid = 2_100_100_000,
        MaxConcurrency = 8,
        DefaultTimeout = TimeSpan.FromSeconds(5),
        OutputCapBytes = 64 * 1024,
    };

    /// <summary>One run before any test times one, so that JIT compilation of the run path is not in a timed region.</summary>
    private static T WarmedUp<T>(T executor)
        where T : ICodeExecutor
    {
        executor.ExecuteAsync(Python("pass")).GetAwaiter().GetResult();
        return executor;
    }

    public static ExecutionRequest Python(string source, double timeoutSeconds = 5, string? stdin = null) =>
        new(CodeLanguages.Python, source) { Timeout = TimeSpan.FromSeconds(timeoutSeconds), Stdin = stdin };

    /// <summary>Pids of processes whose command line contains <paramref name="token"/> (other than this process).</summary>
    public static List<int> ProcessesWithArgument(string token)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Join(dir, "cmdline")));
                if (cmdline.Contains(token, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>
    /// The largest number of live processes any single uid of the sandbox pool has right now. Zombies are not counted:
    /// a sandbox's init is re-parented to PID 1 when bwrap exits, and this machine kind's PID 1 reaps only every second
    /// or so.
    /// </summary>
    public static int MaxProcessesPerPoolUid()
    {
        var options = Options();
        var counts = new Dictionary<long, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllText(Path.Join(dir, "status"));
                if (status.Contains("State:\tZ", StringComparison.Ordinal))
                {
                    continue;
                }

                var uidLine = status.Split('\n').First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                var uid = long.Parse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                if (uid >= options.BaseUid && uid < (long)options.BaseUid + options.UidCount)
                {
                    counts[uid] = counts.GetValueOrDefault(uid) + 1;
                }
            }
            catch (IOException)
            {
            }
        }

        return counts.Count == 0 ? 0 : counts.Values.Max();
    }

    public static int OpenFileDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    public static string Token() => "rethink-canary-" + Guid.NewGuid().ToString("N");

    public static long OwnRssBytes()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}

[CollectionDefinition(Sandboxes.Collection, DisableParallelization = true)]
public sealed class SandboxCollection;
