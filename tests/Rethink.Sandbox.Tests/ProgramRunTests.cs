using System.Diagnostics;
using Rethink.Core.Execution;

namespace Rethink.Sandbox.Tests;

/// <summary>The outcome table, on raw exit statuses (bwrap and .NET both report a death by signal N as 128 + N).</summary>
public sealed class ProgramRunTests
{
    private static readonly LaunchPlan Plan = new(new ProcessStartInfo("/bin/true"), null, TimeSpan.FromSeconds(5), 100, 6, null, false, LanguageRunner.Python, ExecutionIsolation.Sandbox);

    [Theory]
    [InlineData(0, false, "", ExecutionStatus.Ok, null, 0, null)]
    [InlineData(1, false, "ValueError: x", ExecutionStatus.Error, "exit-code", 1, null)]
    [InlineData(3, false, "", ExecutionStatus.Error, "exit-code", 3, null)]
    [InlineData(1, false, "MemoryError", ExecutionStatus.ResourceExceeded, "memory", 1, null)]
    [InlineData(1, false, "OSError: [Errno 27] File too large", ExecutionStatus.ResourceExceeded, "file-size", 1, null)]
    [InlineData(1, false, "BlockingIOError: [Errno 11] Resource temporarily unavailable", ExecutionStatus.ResourceExceeded, "processes", 1, null)]
    [InlineData(1, false, "OSError: [Errno 24] Too many open files", ExecutionStatus.ResourceExceeded, "open-files", 1, null)]
    [InlineData(1, false, "OSError: [Errno 28] No space left on device", ExecutionStatus.ResourceExceeded, "disk", 1, null)]
    [InlineData(152, false, "", ExecutionStatus.ResourceExceeded, "cpu-time", null, 24)]
    [InlineData(153, false, "", ExecutionStatus.ResourceExceeded, "file-size", null, 25)]
    [InlineData(137, false, "", ExecutionStatus.ResourceExceeded, "memory", null, 9)]
    [InlineData(139, false, "", ExecutionStatus.Error, "signal", null, 11)]
    [InlineData(134, false, "", ExecutionStatus.Error, "signal", null, 6)]
    [InlineData(0, true, "", ExecutionStatus.Timeout, "wall-time", null, 9)]
    [InlineData(1, true, "MemoryError", ExecutionStatus.Timeout, "wall-time", null, 9)]
    public void Outcomes_are_classified(int rawExit, bool timedOut, string stderr, ExecutionStatus status, string? detail, int? exitCode, int? signal)
    {
        var result = ProgramRun.Classify(Plan, rawExit, timedOut, CapturedOutput.Empty, new CapturedOutput(stderr, false), TimeSpan.FromSeconds(1));

        Assert.Equal(status, result.Status);
        Assert.Equal(detail, result.Detail);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(signal, result.Signal);
    }

    [Fact]
    public void A_kill_after_the_cpu_soft_limit_is_cpu_time()
    {
        var result = ProgramRun.Classify(Plan, 137, false, CapturedOutput.Empty, CapturedOutput.Empty, TimeSpan.FromSeconds(6.5));

        Assert.Equal(ExecutionStatus.ResourceExceeded, result.Status);
        Assert.Equal("cpu-time", result.Detail);
    }

    [Fact]
    public void A_printed_resource_marker_never_turns_a_zero_exit_into_a_failure_or_a_failure_into_ok()
    {
        var ok = ProgramRun.Classify(Plan, 0, false, CapturedOutput.Empty, new CapturedOutput("MemoryError", false), TimeSpan.FromSeconds(1));
        Assert.Equal(ExecutionStatus.Ok, ok.Status);
    }
}
