using System.Diagnostics;
using System.Text;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>Everything one launch needs; built by an executor, run by <see cref="ProgramRun"/>.</summary>
internal sealed record LaunchPlan(
    ProcessStartInfo StartInfo,
    string? Stdin,
    TimeSpan Timeout,
    int OutputCap,
    int CpuSoftSeconds,
    int? SweepUid,
    bool KillDescendants,
    LanguageRunner Runner,
    string Isolation);

/// <summary>
/// Runs one launch to its end: feeds stdin, drains both pipes concurrently with a cap, enforces the wall clock by
/// killing the whole tree, sweeps the slot's uid so nothing survives, and classifies the outcome.
/// </summary>
internal static class ProgramRun
{
    // How long the pipes may stay open after the first process is gone. With a slot uid the sweep has already killed
    // every holder; without one, a sandbox's namespace is still dying (a second or more for a fork bomb under load) or
    // an unsandboxed daemon holds them. Output already in the pipe is read well within this.
    internal static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);
    internal static readonly TimeSpan SweepLimit = TimeSpan.FromSeconds(3);

    public static async Task<ExecutionResult> RunAsync(LaunchPlan plan, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var process = await ProcessSpawner.StartAsync(plan.StartInfo);
        using var _ = process;
        using var drain = new CancellationTokenSource();
        var stdout = OutputCapture.ReadAsync(process.StandardOutput.BaseStream, plan.OutputCap, drain.Token);
        var stderr = OutputCapture.ReadAsync(process.StandardError.BaseStream, plan.OutputCap, drain.Token);
        var stdin = FeedStdinAsync(process.StandardInput.BaseStream, plan.Stdin);

        var timedOut = false;
        var cancelled = false;
        try
        {
            timedOut = !await ExitsWithinAsync(process, clock, plan.Timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }

        if (timedOut || cancelled)
        {
            Kill(process, plan.KillDescendants);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        // The first process is gone; its descendants may not be (a sandbox's namespace dies asynchronously, and an
        // unsandboxed daemon escapes the tree). Under a dedicated uid, kill whatever is left and check that nothing is.
        var survivors = plan.SweepUid is int uid ? ProcessTable.KillAllOfUid(uid, process.Id, SweepLimit) : 0;
        var elapsed = clock.Elapsed;

        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(DrainGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await drain.CancelAsync();
            process.StandardOutput.BaseStream.Dispose();
            process.StandardError.BaseStream.Dispose();
        }

        var output = await stdout;
        var error = await stderr;
        try
        {
            await stdin.WaitAsync(DrainGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            process.StandardInput.BaseStream.Dispose();
        }

        if (survivors > 0)
        {
            // Never expected: it would mean a process of the slot's uid resisted SIGKILL for seconds.
            throw new InvalidOperationException($"{survivors} process(es) of sandbox uid {plan.SweepUid} survived the kill");
        }

        if (cancelled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return Classify(plan, process.ExitCode, timedOut, output, error, elapsed);
    }

    /// <summary>
    /// True when the process exits before <paramref name="clock"/> reaches <paramref name="timeout"/>; false once it
    /// has, with the process still running. Throws <see cref="OperationCanceledException"/> when the caller cancels.
    /// </summary>
    internal static async Task<bool> ExitsWithinAsync(Process process, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The timer queue counts whole milliseconds on its own clock and can fire a few of them before the stopwatch
        // reaches the limit (CI saw 0.998 s for a 1 s limit). A run is only called timed out once the stopwatch agrees,
        // so a timed-out result never reports less than its limit.
        while (true)
        {
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return process.HasExited;
            }

            using var wall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wall.CancelAfter(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)));
            try
            {
                await process.WaitForExitAsync(wall.Token);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    internal static ExecutionResult Classify(LaunchPlan plan, int rawExit, bool timedOut, CapturedOutput output, CapturedOutput error, TimeSpan elapsed)
    {
        // Both bwrap and .NET report a death by signal N as 128 + N; a program that exits with such a status itself is
        // read as that signal, which can only change one kind of failure into another.
        int? signal = rawExit > 128 && rawExit <= 128 + 64 ? rawExit - 128 : null;
        int? exitCode = signal is null ? rawExit : null;
        var status = ExecutionStatus.Error;
        string? detail;

        if (timedOut)
        {
            status = ExecutionStatus.Timeout;
            detail = ResourceDetails.WallTime;
            exitCode = null;
            signal = Native.SigKill;
        }
        else if (rawExit == 0)
        {
            status = ExecutionStatus.Ok;
            detail = null;
        }
        else if (signal == 24)
        {
            status = ExecutionStatus.ResourceExceeded;
            detail = ResourceDetails.CpuTime;
        }
        else if (signal == 25)
        {
            status = ExecutionStatus.ResourceExceeded;
            detail = ResourceDetails.FileSize;
        }
        else if (signal == Native.SigKill)
        {
            // Not our wall clock: the CPU hard limit, or the kernel's OOM killer.
            status = ExecutionStatus.ResourceExceeded;
            detail = elapsed.TotalSeconds >= plan.CpuSoftSeconds ? ResourceDetails.CpuTime : ResourceDetails.Memory;
        }
        else if (MarkerDetail(plan.Runner, error.Text) is string marker)
        {
            status = ExecutionStatus.ResourceExceeded;
            detail = marker;
        }
        else
        {
            detail = signal is null ? ResourceDetails.ExitCode : ResourceDetails.Signal;
        }

        return new ExecutionResult(status, exitCode, output.Text, error.Text, elapsed)
        {
            Signal = signal,
            StdoutTruncated = output.Truncated,
            StderrTruncated = error.Truncated,
            Detail = detail,
            Isolation = plan.Isolation,
        };
    }

    private static string? MarkerDetail(LanguageRunner runner, string stderr)
    {
        foreach (var (marker, detail) in runner.ResourceMarkers)
        {
            if (stderr.Contains(marker, StringComparison.Ordinal))
            {
                return detail;
            }
        }

        return null;
    }

    /// <summary>
    /// SIGKILLs the first process. In a sandbox that is enough: its PID namespace dies with it (bwrap
    /// --die-with-parent). Walking the tree (<c>Kill(entireProcessTree: true)</c>) is only for unsandboxed runs
    /// without a uid of their own: it is slow (seconds against a fork bomb) and misses re-parented daemons.
    /// </summary>
    internal static void Kill(Process process, bool descendants)
    {
        try
        {
            process.Kill(descendants);
        }
        catch (InvalidOperationException)
        {
            // Exited between the timeout and the kill.
        }
    }

    private static async Task FeedStdinAsync(Stream stdin, string? text)
    {
        try
        {
            if (!string.IsNullOrEmpty(text))
            {
                await stdin.WriteAsync(Encoding.UTF8.GetBytes(text));
                await stdin.FlushAsync();
            }
        }
        catch (IOException)
        {
            // The program exited or closed its input before reading all of it.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }
}
