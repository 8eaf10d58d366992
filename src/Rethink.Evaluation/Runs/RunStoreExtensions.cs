using System.Text.Json;

namespace Rethink.Evaluation.Runs;

/// <summary>The evaluation-run conveniences over <see cref="IRunStore"/>, the same for every implementation.</summary>
public static class RunStoreExtensions
{
    /// <summary>Stores a new evaluation run of <paramref name="configuration"/> (see <see cref="IRunStore.CreateRunAsync"/>).</summary>
    public static Task<RunInfo> CreateRunAsync(this IRunStore store, RunConfiguration configuration, string? runId = null, SecretScrubber? scrubber = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.CreateRunAsync(RunDefinition.ForEvaluation(configuration, scrubber), runId, cancellationToken);
    }

    /// <summary>
    /// The configuration an evaluation run was created with. Throws <see cref="KeyNotFoundException"/> for an unknown
    /// run and <see cref="InvalidOperationException"/> for a run of another kind.
    /// </summary>
    public static async Task<RunConfiguration> LoadConfigurationAsync(this IRunStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var definition = await store.LoadDefinitionAsync(runId, cancellationToken).ConfigureAwait(false);
        if (definition.Kind != RunKind.Evaluation)
        {
            throw new InvalidOperationException($"Run '{runId}' in {store.Location} is a {definition.Kind} run, not an evaluation.");
        }

        return JsonSerializer.Deserialize<RunConfiguration>(definition.ConfigurationJson, RunJson.Options)
            ?? throw new InvalidDataException($"Run '{runId}' has an empty configuration.");
    }

    /// <summary>The run's scored trajectories, in the order of <see cref="IRunStore.LoadResultsAsync"/>.</summary>
    public static async Task<IReadOnlyList<Core.ScoredTrajectory>> LoadScoredTrajectoriesAsync(this IRunStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return (await store.LoadResultsAsync(runId, cancellationToken).ConfigureAwait(false)).Select(r => r.Scored).ToList();
    }
}
