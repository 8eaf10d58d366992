namespace Rethink.Core.Execution;

/// <summary>
/// What a judged run produced. The verdict is the judge's: it passed only when <see cref="Judge"/> has status
/// <see cref="ExecutionStatus.Ok"/> (exit status 0 within the limits) and <see cref="RelayFault"/> is null.
/// </summary>
/// <param name="Judge">
/// The judge's run. Its standard output went to the solution and is not captured (<see cref="ExecutionResult.Stdout"/>
/// is empty); its standard error is captured as usual. <see cref="ExecutionStatus.Timeout"/> means the whole run passed
/// its wall-clock limit.
/// </param>
/// <param name="Solution">
/// The solution's run. When it ended on its own (its exit, a crash, a resource limit) it is classified like any run;
/// when it was still running after the judge had ended it was killed then, and reads <see cref="ExecutionStatus.Error"/>
/// with detail <see cref="StoppedAfterJudge"/>; when the wall clock ran out it reads <see cref="ExecutionStatus.Timeout"/>.
/// Its standard output went to the judge and is not captured; its standard error is, with the usual cap.
/// </param>
public sealed record JudgedRunResult(ExecutionResult Judge, ExecutionResult Solution)
{
    /// <summary>The <see cref="ExecutionResult.Detail"/> of a solution that was still running when the judge had ended.</summary>
    public const string StoppedAfterJudge = "stopped-after-judge";

    /// <summary>A relayed line was longer than the request's cap; the side is named: <c>solution-message-too-large</c>, <c>judge-message-too-large</c>.</summary>
    public string? RelayFault { get; init; }

    /// <summary>Lines relayed from the solution to the judge.</summary>
    public int SolutionMessages { get; init; }

    /// <summary>Lines relayed from the judge to the solution.</summary>
    public int JudgeMessages { get; init; }

    /// <summary>The executor's isolation level at the time of the run.</summary>
    public string Isolation => Judge.Isolation;

    /// <summary>Relay fault id: the solution sent a line over the cap.</summary>
    public const string SolutionMessageTooLarge = "solution-message-too-large";

    /// <summary>Relay fault id: the judge sent a line over the cap.</summary>
    public const string JudgeMessageTooLarge = "judge-message-too-large";
}
