using System.Diagnostics;
using System.Globalization;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// What a slot hands to an executor's command builder for one program: InterpreterArguments are the runner's
/// arguments for this kind of run (<see cref="LanguageRunner.Arguments"/>, or <see cref="LanguageRunner.JudgedArguments"/>
/// for either side of a judged run).
/// </summary>
internal sealed record SlotContext(StagingDirectory Staging, LanguageRunner Runner, IReadOnlyList<string> InterpreterArguments, int? Uid, TimeSpan Timeout, int CpuSoftSeconds, int CpuHardSeconds);

/// <summary>
/// The part both executors share: bounded concurrency, a uid per slot (when root), a fresh staging directory per run,
/// the resource limits and the run itself. The executors differ only in the command line they build. A judged run
/// takes one concurrency slot (its two processes take turns) but two uids and two staging directories.
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
        var root = options.WorkRoot ?? Path.Join(Path.GetTempPath(), "rethink-sandbox-" + Native.EffectiveUid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        CheckPrivate(root);
        stagingRoot = root;
        IsRoot = Native.IsRoot;
        if (IsRoot)
        {
            Directory.CreateDirectory(options.UidLockDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            CheckPrivate(options.UidLockDirectory);
            uids = new UidPool(options.BaseUid, options.UidCount, options.UidLockDirectory);
        }
    }

    /// <summary>Whether programs run under a pooled unprivileged uid (we are root) or under our own uid.</summary>
    public bool IsRoot { get; }

    public IReadOnlyCollection<string> Languages => runners.Keys;

    public SandboxOptions Options => options;

    public async Task<ExecutionResult> RunAsync(ExecutionRequest request, Func<SlotContext, ProcessStartInfo> buildCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runner = Runner(request.Language);
        var timeout = CheckTimeout(request.Timeout);
        StagingDirectory.Validate(request.Files, runner);
        var cpuSoft = CpuSoftSeconds(timeout);
        await slots.WaitAsync(cancellationToken);
        try
        {
            using var lease = uids is null ? null : await uids.AcquireAsync(cancellationToken);
            using var staging = StagingDirectory.Create(stagingRoot, request.Source, request.Files, runner, lease?.Uid);
            var plan = Plan(new SlotContext(staging, runner, runner.Arguments, lease?.Uid, timeout, cpuSoft, cpuSoft + 1), request.Stdin, buildCommand);
            return await ProgramRun.RunAsync(plan, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    public async Task<JudgedRunResult> RunJudgedAsync(JudgedRunRequest request, Func<SlotContext, ProcessStartInfo> buildCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Solution);
        ArgumentNullException.ThrowIfNull(request.Judge);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.MaxMessageBytes, nameof(request));
        var runner = Runner(request.Language);
        var timeout = CheckTimeout(request.Timeout);
        StagingDirectory.Validate(request.Solution.Files, runner);
        StagingDirectory.Validate(request.Judge.Files, runner);
        var cpuSoft = CpuSoftSeconds(timeout);
        await slots.WaitAsync(cancellationToken);
        try
        {
            // Two uids: the solution can neither signal, trace nor read the judge, and the sweep after the run finds
            // each side's processes apart.
            using var solutionLease = uids is null ? null : await uids.AcquireAsync(cancellationToken);
            using var judgeLease = uids is null ? null : await uids.AcquireAsync(cancellationToken);
            using var solutionStaging = StagingDirectory.Create(stagingRoot, request.Solution.Source, request.Solution.Files, runner, solutionLease?.Uid);
            using var judgeStaging = StagingDirectory.Create(stagingRoot, request.Judge.Source, request.Judge.Files, runner, judgeLease?.Uid);
            var solution = Plan(new SlotContext(solutionStaging, runner, runner.JudgedArguments, solutionLease?.Uid, timeout, cpuSoft, cpuSoft + 1), null, buildCommand);
            var judge = Plan(new SlotContext(judgeStaging, runner, runner.JudgedArguments, judgeLease?.Uid, timeout, cpuSoft, cpuSoft + 1), null, buildCommand);
            return await JudgedRun.RunAsync(solution, judge, request.MaxMessageBytes, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private LanguageRunner Runner(string language) =>
        runners.TryGetValue(language, out var runner)
            ? runner
            : throw new NotSupportedException($"language '{language}' is not available here (available: {string.Join(", ", runners.Keys)})");

    private TimeSpan CheckTimeout(TimeSpan? requested)
    {
        var timeout = requested ?? options.DefaultTimeout;
        if (timeout <= TimeSpan.Zero || timeout > options.MaxTimeout)
        {
            throw new ArgumentOutOfRangeException("request", timeout, $"timeout must be positive and at most {options.MaxTimeout}");
        }

        return timeout;
    }

    // The wall clock is the limit that speaks; CPU time (per process, all threads) is a backstop past it.
    private static int CpuSoftSeconds(TimeSpan timeout) => (int)Math.Ceiling(timeout.TotalSeconds) + 1;

    private LaunchPlan Plan(SlotContext context, string? stdin, Func<SlotContext, ProcessStartInfo> buildCommand)
    {
        var killDescendants = context.Uid is null && !string.Equals(isolation, ExecutionIsolation.Sandbox, StringComparison.Ordinal);
        return new LaunchPlan(buildCommand(context), stdin, context.Timeout, options.OutputCapBytes, context.CpuSoftSeconds, context.Uid, killDescendants, context.Runner, isolation);
    }

    /// <summary>
    /// The choom + setpriv + prlimit prefix: first in line for the OOM killer, drop to the slot's uid (root only), no
    /// new privileges, die with us, then the limits.
    /// Returns a start info with an empty environment except PATH, so nothing of ours (API keys) reaches even the
    /// wrapper processes.
    /// </summary>
    public ProcessStartInfo LimitedStart(SlotContext context)
    {
        var info = new ProcessStartInfo(options.ChoomPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        var args = info.ArgumentList;
        args.Add("-n");
        args.Add(options.OomScoreAdjust.ToString(CultureInfo.InvariantCulture));
        args.Add("--");
        args.Add(options.SetprivPath);
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

    /// <summary>
    /// The work root and the lock directory sit in world-writable /tmp or /run/lock under predictable names, and we
    /// create files with predictable names in them, as root: each must be a real directory of ours that nobody else can
    /// write to, or another user could plant symlinks there.
    /// </summary>
    private static void CheckPrivate(string root)
    {
        const uint DirectoryType = 0x4000; // S_IFDIR
        const uint TypeMask = 0xF000;
        const uint GroupOrOtherWrite = 0x12; // 020 | 002
        var stat = Native.OwnerAndMode(root);
        if (stat is not { } s || (s.Mode & TypeMask) != DirectoryType || s.Owner != Native.EffectiveUid || (s.Mode & GroupOrOtherWrite) != 0)
        {
            throw new SandboxUnavailableException(
                $"{root} must be a directory owned by uid {Native.EffectiveUid} and writable by it alone " +
                $"(found {(stat is { } f ? $"owner {f.Owner}, mode {Convert.ToString(f.Mode, 8)}" : "nothing readable")}): remove it or set WorkRoot");
        }
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
        if (options.UidCount < 2 * options.MaxConcurrency)
        {
            throw new ArgumentException($"UidCount ({options.UidCount}) must be at least twice MaxConcurrency ({options.MaxConcurrency}): a judged run takes two uids", nameof(options));
        }

        if (options.BaseUid < 1000 || (long)options.BaseUid + options.UidCount > uint.MaxValue - 1)
        {
            throw new ArgumentException($"BaseUid {options.BaseUid} is outside the usable range", nameof(options));
        }

        if (options.OomScoreAdjust is < -1000 or > 1000)
        {
            throw new ArgumentException($"OomScoreAdjust must be within -1000..1000 (got {options.OomScoreAdjust})", nameof(options));
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
