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

    private static readonly Lazy<BubblewrapExecutor> SharedSandbox = new(() => new BubblewrapExecutor(Options()));
    private static readonly Lazy<UnsafeLocalExecutor> SharedUnsafe = new(() => new UnsafeLocalExecutor(Options()));

    public static BubblewrapExecutor Sandbox => SharedSandbox.Value;

    public static UnsafeLocalExecutor Unsafe => SharedUnsafe.Value;

    public static string WorkRoot { get; } = Path.Join(Path.GetTempPath(), "rethink-sandbox-tests-" + Environment.ProcessId);

    public static SandboxOptions Options() => new()
    {
        WorkRoot = WorkRoot,
        MaxConcurrency = 8,
        DefaultTimeout = TimeSpan.FromSeconds(5),
        OutputCapBytes = 64 * 1024,
    };

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
