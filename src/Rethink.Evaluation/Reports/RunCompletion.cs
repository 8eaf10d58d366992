using Rethink.Evaluation.Runs;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// Where a run stood when its report was built. A report of an unfinished run covers only the results stored so far,
/// and says so: its figures are about a subset of the problems, and that subset is not a random sample (it is the part
/// that ran first, or the part that finished before a budget ran out).
/// </summary>
/// <param name="Status">The run's status.</param>
/// <param name="Results">Stored (strategy, problem, sample) results, the ones the report covers (failed ones included).</param>
/// <param name="Total">All the run's (strategy, problem, sample) keys, when known; null when not stored.</param>
public sealed record RunCompletion(RunStatus Status, long Results, long? Total)
{
    /// <summary>True unless the run has every result (<see cref="RunStatus.Completed"/>).</summary>
    public bool IsPartial => Status != RunStatus.Completed;

    /// <summary>The status as the JSON report writes it: <c>completed</c>, <c>interrupted</c>, <c>budget_stopped</c>, ...</summary>
    public string StatusName => Status switch
    {
        RunStatus.BudgetStopped => "budget_stopped",
        _ => Status.ToString().ToLowerInvariant(),
    };
}
