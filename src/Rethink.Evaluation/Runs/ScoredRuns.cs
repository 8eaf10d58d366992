using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// Stores trajectories that were scored without a model call (<c>rethink score</c>: responses produced elsewhere) as
/// an evaluation run, so that <c>rethink report</c>, <c>report --compare</c>, <c>report --per-sample</c> and exports read
/// them like any run. Each response source is a strategy (in first-seen order); the run is stored complete.
/// </summary>
public static class ScoredRuns
{
    /// <summary>
    /// Stores <paramref name="scored"/> under a new run of <paramref name="configuration"/> (its strategies are the
    /// sources of <paramref name="scored"/>, in first-seen order, without settings), problems ordered as in
    /// <paramref name="problemOrder"/>, and marks the run completed. Returns the stored run.
    /// </summary>
    public static async Task<RunInfo> SaveAsync(
        IRunStore store,
        RunConfiguration configuration,
        IReadOnlyList<ScoredTrajectory> scored,
        IReadOnlyList<string> problemOrder,
        string? runId = null,
        SecretScrubber? scrubber = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(problemOrder);
        var sources = scored.Select(s => s.Strategy).Distinct(StringComparer.Ordinal).ToList();
        var positions = problemOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var described = configuration with
        {
            Strategies = sources.Select(s => new StrategyDescription(s, new SortedDictionary<string, string>(StringComparer.Ordinal))).ToList(),
            SamplesPerProblem = Math.Max(1, scored.Count == 0 ? 1 : scored.Max(s => s.Sample) + 1),
        };
        var info = await store.CreateRunAsync(described, runId, scrubber, cancellationToken).ConfigureAwait(false);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        foreach (var s in scored)
        {
            var result = RunResult.Create(s, sources.IndexOf(s.Strategy), positions.GetValueOrDefault(s.ProblemId), TimeSpan.Zero, now);
            await store.SaveResultAsync(info.Id, result, cancellationToken).ConfigureAwait(false);
        }

        await store.SetStatusAsync(info.Id, RunStatus.Completed, null, cancellationToken).ConfigureAwait(false);
        return info with { Status = RunStatus.Completed };
    }
}
