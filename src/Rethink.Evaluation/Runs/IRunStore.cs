using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// Where runs live: their definitions and statuses, the scored results of evaluation runs, and the per-item records of
/// the other kinds. Every command that takes <c>--store</c>, the runner and the reports use this contract; the SQLite
/// file (<see cref="SqliteRunStore"/>) is the embedded implementation, and any other must pass the same contract tests.
/// </summary>
/// <remarks>
/// <para>
/// Guarantees every implementation gives: a run id is unique; a result is unique per (run, strategy, problem, sample)
/// and is written whole or not at all; a stored <see cref="StopReasons.Error"/> result is the only one a later result
/// replaces; an item is unique per (run, key) and is never replaced; results load in a fixed order (strategy position,
/// problem position, problem id, sample) whatever the order they were written in; secrets are never stored (callers
/// scrub definitions, see <see cref="RunDefinition"/>).
/// </para>
/// <para>
/// Thread-safe: any member may be called concurrently. Unknown runs throw <see cref="KeyNotFoundException"/>, except
/// <see cref="GetRunAsync"/> (null). One interface, not several small ones: a store is implemented as a whole, and a
/// second database that implemented half of it would not be a store.
/// </para>
/// </remarks>
public interface IRunStore : IAsyncDisposable
{
    /// <summary>Where the store is, for messages (a path, or a connection target without credentials).</summary>
    string Location { get; }

    /// <summary>
    /// Stores a new run of <paramref name="definition"/> with status <see cref="RunStatus.Created"/>. The id is
    /// <paramref name="runId"/> when given (letters, digits, '.', '_', '-'; at most 64) or a new time-based one. Throws
    /// <see cref="InvalidOperationException"/> when the id exists, <see cref="ArgumentException"/> for a bad id or kind.
    /// </summary>
    Task<RunInfo> CreateRunAsync(RunDefinition definition, string? runId = null, CancellationToken cancellationToken = default);

    /// <summary>Every run, oldest first (ties by id).</summary>
    Task<IReadOnlyList<RunInfo>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>The run with id <paramref name="runId"/>, or null.</summary>
    Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The run's definition as it was stored.</summary>
    Task<RunDefinition> LoadDefinitionAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Sets the run's status and message.</summary>
    Task SetStatusAsync(string runId, RunStatus status, string? message = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="result"/> of an evaluation run in one transaction. Returns false, changing nothing, when a
    /// result with the same key is stored, except that a stored error result is replaced.
    /// </summary>
    Task<bool> SaveResultAsync(string runId, RunResult result, CancellationToken cancellationToken = default);

    /// <summary>The run's stored results in the fixed order (see the remarks).</summary>
    Task<IReadOnlyList<RunResult>> LoadResultsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Keys of the run's finished results: every stored result except errors (which a resume retries).</summary>
    Task<IReadOnlySet<ResultKey>> GetFinishedKeysAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Number of finished (non-error) results of the run.</summary>
    Task<long> CountFinishedAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Number of stored results of the run, errors included.</summary>
    Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Billed tokens (calls not served from the cache) of every stored result of the run.</summary>
    Task<TokenUsage> GetBilledUsageAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="item"/> of a run of another kind; false, changing nothing, when its key is stored.</summary>
    Task<bool> SaveItemAsync(string runId, RunItem item, CancellationToken cancellationToken = default);

    /// <summary>The run's items in the order they were stored.</summary>
    Task<IReadOnlyList<RunItem>> LoadItemsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Checks the store's own consistency; <c>ok</c> when it is sound, else the problems found.</summary>
    Task<string> CheckIntegrityAsync(CancellationToken cancellationToken = default);
}
