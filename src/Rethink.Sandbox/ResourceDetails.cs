using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>The <see cref="ExecutionResult.Detail"/> values the executors in this project produce.</summary>
public static class ResourceDetails
{
    /// <summary>The CPU-time limit (SIGXCPU, or SIGKILL at the hard limit).</summary>
    public const string CpuTime = "cpu-time";

    /// <summary>The data-size limit: an allocation failed (MemoryError, ENOMEM) or the kernel killed the program.</summary>
    public const string Memory = "memory";

    /// <summary>The file-size limit (SIGXFSZ or EFBIG).</summary>
    public const string FileSize = "file-size";

    /// <summary>The process-count limit (fork or thread creation failed with EAGAIN).</summary>
    public const string Processes = "processes";

    /// <summary>The open-files limit (EMFILE).</summary>
    public const string OpenFiles = "open-files";

    /// <summary>The work directory's or /tmp's size cap (ENOSPC on the sandbox's tmpfs).</summary>
    public const string Disk = "disk";

    /// <summary>The wall-clock limit passed; the whole process tree was killed.</summary>
    public const string WallTime = "wall-time";

    /// <summary>A non-zero exit status.</summary>
    public const string ExitCode = "exit-code";

    /// <summary>Killed by a signal that is not a resource limit (a crash).</summary>
    public const string Signal = "signal";

    /// <summary>The solution of a judged run was still running after its judge had ended, and was killed then.</summary>
    public const string StoppedAfterJudge = JudgedRunResult.StoppedAfterJudge;
}
