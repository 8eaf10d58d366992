namespace Rethink.Evaluation.Runs;

/// <summary>A stored run's header. Immutable snapshot; does not follow later changes.</summary>
/// <param name="Id">The run id.</param>
/// <param name="CreatedAt">When the run was created (UTC).</param>
/// <param name="UpdatedAt">When the run or one of its results was last written (UTC).</param>
/// <param name="Fingerprint">The configuration's fingerprint (<see cref="RunConfiguration.Fingerprint"/>).</param>
/// <param name="Status">Where the run stands.</param>
/// <param name="Message">Why it stopped, for <see cref="RunStatus.Aborted"/> and <see cref="RunStatus.BudgetStopped"/>; else null.</param>
public sealed record RunInfo(string Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Fingerprint, RunStatus Status, string? Message)
{
    /// <summary>The run's <see cref="RunKind"/>; runs stored before kinds existed are evaluations.</summary>
    public string Kind { get; init; } = RunKind.Evaluation;
}
