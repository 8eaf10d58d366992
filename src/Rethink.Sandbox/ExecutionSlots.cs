using System.Diagnostics;
using System.Globalization;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>What a slot hands to an executor's command builder for one run.</summary>
internal sealed record SlotContext(StagingDirectory Staging, LanguageRunner Runner, int? Uid, TimeSpan Timeout, int CpuSoftSeconds, int CpuHardSeconds);

/// <summary>
/// The part both executors share: bounded concurrency, a uid per slot (when root), a fresh staging directory per run,
/// the resource limits and the run itself. The executors differ only in the command line they build.
/// </summary>
internal sealed class ExecutionSlots
{
    private readonly SandboxOptions options;
    private readonly Dictionary<string, LanguageRunner> runners;
    private readonly SemaphoreSlim slots;
    private readonly UidPool? uids;
    private readonly string stagingRoot;
    private readonly string isolation;

    public ExecutionSlots(SandboxOptions options, IEnumerable<LanguageRunner> runners, string isolation)
    {
        Validate(options);
        this.options = options;
        this.isolation = isolation;
        this.runners = runners.ToDictionary(r => r.Language, StringComparer.Ordinal);
        slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        var root = options.WorkRoot ?? Path.Join(Path.GetTempPath(), "rethink-sandbox");
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        stagingRoot = root;
        IsRoot = Native.IsRoot;
        if (IsRoot)
        {
            uids = new UidPool(options.BaseUid, options.UidCount, Path.Join(root, "locks"));
        }
    }

    /// <summary>Whether programs run under a pooled unprivileged uid (we are root) or under our own uid.</summary>
    public bool IsRoot { get; }

    public IReadOnlyCollection<string> Languages => runners.Keys;

    public SandboxOptions Options => options;

    public async Task<ExecutionResult> RunAsync(ExecutionRequest request, Func<SlotContext, ProcessStartInfo> buildCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!runners.TryGetValue(request.Language, out var runner))
        {
            throw new NotSupportedException($"language '{request.Language}' is not available here (available: {string.Join(", ", runners.Keys)})");
        }

        var timeout = request.Timeout ?? options.DefaultTimeout;
        if (timeout <= TimeSpan.Zero || timeout > options.MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(request), timeout, $"timeout must be positive and at most {options.MaxTimeout}");
        }

        StagingDirectory.Validate(request, runner);

        // The wall clock is the limit that speaks; CPU time (per process, all threads) is a backstop past it.
        var cpuSoft = (int)Math.Ceiling(timeout.TotalSeconds) + 1;
        await slots.WaitAsync(cancellationToken);
        try
        {
            using var lease = uids is null ? null : await uids.AcquireAsync(cancellationToken);
            using var staging = StagingDirectory.Create(stagingRoot, request, runner, lease?.Uid);
            var context = new SlotContext(staging, runner, lease?.Uid, timeout, cpuSoft, cpuSoft + 1);
            var startInfo = buildCommand(context);
            var killDescendants = lease is null && !string.Equals(isolation, ExecutionIsolation.Sandbox, StringComparison.Ordinal);
            var plan = new LaunchPlan(startInfo, request.Stdin, timeout, options.OutputCapBytes, cpuSoft, lease?.Uid, killDescendants, runner, isolation);
            return await ProgramRun.RunAsync(plan, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// The setpriv + prlimit prefix: drop to the slot's uid (root only), no new privileges, die with us, then the limits.
    /// Returns a start info with an empty environment except PATH, so nothing of ours (API keys) reaches even the
    /// wrapper processes.
    /// </summary>
    public ProcessStartInfo LimitedStart(SlotContext context)
    {
        var info = new ProcessStartInfo(options.SetprivPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        var args = info.ArgumentList;
        if (context.Uid is int uid)
        {
            var id = uid.ToString(CultureInfo.InvariantCulture);
            args.Add("--reuid=" + id);
            args.Add("--regid=" + id);
            args.Add("--clear-groups");
        }

        args.Add("--no-new-privs");
        args.Add("--pdeathsig=KILL");
        args.Add("--");
        args.Add(options.PrlimitPath);
        args.Add(Invariant($"--cpu={context.CpuSoftSeconds}:{context.CpuHardSeconds}"));
        args.Add(Invariant($"--data={options.MemoryBytes}"));
        args.Add(Invariant($"--fsize={options.FileSizeBytes}"));
        args.Add(Invariant($"--nofile={options.MaxOpenFiles}"));
        args.Add(Invariant($"--nproc={NprocLimit(context.Uid)}"));
        args.Add("--core=0");
        args.Add("--");
        return info;
    }

    private int NprocLimit(int? uid)
    {
        if (uid is not null)
        {
            return options.MaxProcesses;
        }

        // Without root the program shares our uid, and RLIMIT_NPROC counts every thread of that uid: allow what runs
        // already plus the program's budget. Weaker than a uid of its own (documented in the README).
        return ProcessTable.ThreadsOfUid(CurrentUid()) + options.MaxProcesses;
    }

    private static int CurrentUid()
    {
        var status = File.ReadAllText("/proc/self/status");
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var fields = line[4..].Trim().ToString().Split('\t', StringSplitOptions.RemoveEmptyEntries);
                return int.Parse(fields[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no Uid line in /proc/self/status");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Validate(SandboxOptions options)
    {
        Positive(options.MaxConcurrency, nameof(options.MaxConcurrency));
        Positive(options.MemoryBytes, nameof(options.MemoryBytes));
        Positive(options.FileSizeBytes, nameof(options.FileSizeBytes));
        Positive(options.MaxProcesses, nameof(options.MaxProcesses));
        Positive(options.MaxOpenFiles, nameof(options.MaxOpenFiles));
        Positive(options.TmpfsBytes, nameof(options.TmpfsBytes));
        Positive(options.OutputCapBytes, nameof(options.OutputCapBytes));
        Positive(options.UidCount, nameof(options.UidCount));
        if (options.UidCount < options.MaxConcurrency)
        {
            throw new ArgumentException($"UidCount ({options.UidCount}) must be at least MaxConcurrency ({options.MaxConcurrency})", nameof(options));
        }

        if (options.BaseUid < 1000 || (long)options.BaseUid + options.UidCount > uint.MaxValue - 1)
        {
            throw new ArgumentException($"BaseUid {options.BaseUid} is outside the usable range", nameof(options));
        }

        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > options.MaxTimeout)
        {
            throw new ArgumentException("DefaultTimeout must be positive and at most MaxTimeout", nameof(options));
        }
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive (got {value})", "options");
        }
    }
}
