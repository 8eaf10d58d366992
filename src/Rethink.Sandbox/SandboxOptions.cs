namespace Rethink.Sandbox;

/// <summary>
/// Settings for <see cref="CodeExecutors.Create"/>: which executor, its limits and where its tools live. Defaults follow
/// the measured proposal in the project's reliability research (5 s, 512 MiB data, 64 processes, 16 MiB files, 1 MiB of
/// output per stream).
/// </summary>
public sealed record SandboxOptions
{
    /// <summary>
    /// When true and the sandbox is unavailable, <see cref="CodeExecutors.Create"/> returns an
    /// <see cref="UnsafeLocalExecutor"/> instead of throwing. The choice is visible in every result's Isolation.
    /// </summary>
    public bool AllowUnsafeLocal { get; init; }

    /// <summary>
    /// When true, <see cref="CodeExecutors.Create"/> returns an <see cref="UnsafeLocalExecutor"/> even if the sandbox is
    /// available (the CLI's explicit <c>--unsafe-local-exec</c>).
    /// </summary>
    public bool ForceUnsafeLocal { get; init; }

    /// <summary>Path of bubblewrap; configurable so that a missing installation can be simulated.</summary>
    public string BubblewrapPath { get; init; } = "/usr/bin/bwrap";

    /// <summary>Path of util-linux setpriv (drops to the slot's uid, sets no-new-privs and the parent-death signal).</summary>
    public string SetprivPath { get; init; } = "/usr/bin/setpriv";

    /// <summary>Path of util-linux prlimit (sets the resource limits just before the sandbox starts).</summary>
    public string PrlimitPath { get; init; } = "/usr/bin/prlimit";

    /// <summary>Path of util-linux choom (sets the OOM-killer preference that every process of the run inherits).</summary>
    public string ChoomPath { get; init; } = "/usr/bin/choom";

    /// <summary>
    /// oom_score_adj of every process of a run (-1000..1000). The default 1000 makes the kernel's OOM killer pick the
    /// program before anything else when memory runs out: RLIMIT_DATA is per process, so many processes of one program
    /// can still take more memory than the machine has.
    /// </summary>
    public int OomScoreAdjust { get; init; } = 1000;

    /// <summary>The languages offered; a runner whose interpreter is missing is left out of <c>Languages</c>.</summary>
    public IReadOnlyList<LanguageRunner> Runners { get; init; } = [LanguageRunner.Python];

    /// <summary>
    /// How many runs go at once; each concurrent run gets its own uid and work directory, and a judged run (two
    /// processes that take turns) gets two of each. At most half of <see cref="UidCount"/>.
    /// </summary>
    public int MaxConcurrency { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>Wall-clock limit when a request sets none.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest wall-clock limit a request may ask for.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>RLIMIT_DATA in bytes (heap and anonymous mappings). Not RLIMIT_AS, which breaks runtimes that reserve address space.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>RLIMIT_FSIZE in bytes: the largest file the program may write.</summary>
    public long FileSizeBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>RLIMIT_NPROC: processes and threads of the slot's uid, the program's first process included.</summary>
    public int MaxProcesses { get; init; } = 64;

    /// <summary>RLIMIT_NOFILE.</summary>
    public int MaxOpenFiles { get; init; } = 256;

    /// <summary>Size of each of the sandbox's two tmpfs mounts (the work directory and /tmp), in bytes.</summary>
    public long TmpfsBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Bytes kept per output stream; the rest is read and dropped, and the result's truncation flag is set.</summary>
    public int OutputCapBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// First uid of the pool that concurrency slots draw from when running as root. It must not belong to any account:
    /// processes of these uids are killed after every run. The default lies far above ordinary and subordinate
    /// (/etc/subuid) ranges.
    /// </summary>
    public int BaseUid { get; init; } = 2_100_000_000;

    /// <summary>Number of uids in the pool, shared by every executor and process on the machine through lock files.</summary>
    public int UidCount { get; init; } = 256;

    /// <summary>Host directory for per-run staging directories; null uses <c>rethink-sandbox-&lt;uid&gt;</c> in the system temp directory.</summary>
    public string? WorkRoot { get; init; }

    /// <summary>
    /// Directory of the uid pool's lock files. Every executor in every process that draws from the same uids must use
    /// the same directory, or two of them can lease one uid and kill each other's programs in the post-run sweep; hence
    /// a fixed, machine-wide default that does not depend on TMPDIR or <see cref="WorkRoot"/>.
    /// </summary>
    public string UidLockDirectory { get; init; } = "/run/lock/rethink-sandbox-uids";
}
