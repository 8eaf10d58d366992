using System.Diagnostics;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// Runs a judged run's two launches side by side: the solution and the judge, each in its own process tree (and, in
/// the sandbox, its own namespaces, uid and work directory), joined only by a <see cref="LineRelay"/> in each
/// direction. One wall clock covers both. The run ends when the judge ends; the solution then gets a moment to leave
/// on its own (its input has ended) and is killed otherwise.
/// </summary>
internal static class JudgedRun
{
    // How long the solution may take to leave after the judge has ended (its input is closed by then).
    private static readonly TimeSpan SolutionGrace = TimeSpan.FromMilliseconds(200);

    public static async Task<JudgedRunResult> RunAsync(LaunchPlan solution, LaunchPlan judge, int maxMessageBytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var solutionProcess = await ProcessSpawner.StartAsync(solution.StartInfo);
        using var _ = solutionProcess;
        Process judgeProcess;
        try
        {
            judgeProcess = await ProcessSpawner.StartAsync(judge.StartInfo);
        }
        catch
        {
            ProgramRun.Kill(solutionProcess, solution.KillDescendants);
            await solutionProcess.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        using var __ = judgeProcess;
        using var drain = new CancellationTokenSource();
        var solutionErrors = OutputCapture.ReadAsync(solutionProcess.StandardError.BaseStream, solution.OutputCap, drain.Token);
        var judgeErrors = OutputCapture.ReadAsync(judgeProcess.StandardError.BaseStream, judge.OutputCap, drain.Token);
        var toJudge = LineRelay.PumpAsync(solutionProcess.StandardOutput.BaseStream, judgeProcess.StandardInput.BaseStream, maxMessageBytes, drain.Token);
        var toSolution = LineRelay.PumpAsync(judgeProcess.StandardOutput.BaseStream, solutionProcess.StandardInput.BaseStream, maxMessageBytes, drain.Token);

        var judgeEnded = false;
        var cancelled = false;
        try
        {
            judgeEnded = await ProgramRun.ExitsWithinAsync(judgeProcess, clock, judge.Timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }

        var solutionEndedAlone = solutionProcess.HasExited;
        if (judgeEnded && !solutionEndedAlone)
        {
            try
            {
                await solutionProcess.WaitForExitAsync(CancellationToken.None).WaitAsync(SolutionGrace, CancellationToken.None);
                solutionEndedAlone = true;
            }
            catch (TimeoutException)
            {
            }
        }

        if (!judgeEnded)
        {
            ProgramRun.Kill(judgeProcess, judge.KillDescendants);
        }

        if (!solutionEndedAlone)
        {
            ProgramRun.Kill(solutionProcess, solution.KillDescendants);
        }

        await Task.WhenAll(judgeProcess.WaitForExitAsync(CancellationToken.None), solutionProcess.WaitForExitAsync(CancellationToken.None));
        var survivors = Sweep(solution, solutionProcess) + Sweep(judge, judgeProcess);
        var elapsed = clock.Elapsed;

        try
        {
            await Task.WhenAll(solutionErrors, judgeErrors, toJudge, toSolution).WaitAsync(ProgramRun.DrainGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await drain.CancelAsync();
            foreach (var stream in new Stream[]
            {
                solutionProcess.StandardOutput.BaseStream, solutionProcess.StandardError.BaseStream,
                judgeProcess.StandardOutput.BaseStream, judgeProcess.StandardError.BaseStream,
            })
            {
                stream.Dispose();
            }
        }

        var solutionOutcome = await toJudge;
        var judgeOutcome = await toSolution;
        if (survivors > 0)
        {
            throw new InvalidOperationException($"{survivors} process(es) of a judged run's sandbox uids survived the kill");
        }

        if (cancelled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var judgeResult = ProgramRun.Classify(judge, judgeProcess.ExitCode, timedOut: !judgeEnded, CapturedOutput.Empty, await judgeErrors, elapsed);
        var solutionErrorText = await solutionErrors;
        var solutionResult = solutionEndedAlone
            ? ProgramRun.Classify(solution, solutionProcess.ExitCode, timedOut: false, CapturedOutput.Empty, solutionErrorText, elapsed)
            : Stopped(solution, judgeEnded, solutionErrorText, elapsed);
        return new JudgedRunResult(judgeResult, solutionResult)
        {
            RelayFault = solutionOutcome.Overflow ? JudgedRunResult.SolutionMessageTooLarge
                : judgeOutcome.Overflow ? JudgedRunResult.JudgeMessageTooLarge
                : null,
            SolutionMessages = solutionOutcome.Lines,
            JudgeMessages = judgeOutcome.Lines,
        };
    }

    // A solution we killed: at the wall clock with the judge, or after the judge had ended.
    private static ExecutionResult Stopped(LaunchPlan plan, bool judgeEnded, CapturedOutput error, TimeSpan elapsed)
    {
        var killed = ProgramRun.Classify(plan, 128 + Native.SigKill, timedOut: !judgeEnded, CapturedOutput.Empty, error, elapsed);
        return judgeEnded ? killed with { Status = ExecutionStatus.Error, Detail = ResourceDetails.StoppedAfterJudge } : killed;
    }

    private static int Sweep(LaunchPlan plan, Process process) =>
        plan.SweepUid is int uid ? ProcessTable.KillAllOfUid(uid, process.Id, ProgramRun.SweepLimit) : 0;
}
