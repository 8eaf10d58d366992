using System.Text.Json;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// Reads one or several runs from an <see cref="IRunStore"/>: an evaluation run's configuration
/// (<c>LoadConfigurationAsync</c>) and results (<c>LoadResultsAsync</c>, fixed order), or another kind's items. Reads
/// only; the store is not disposed. Thread-safe when the store is.
/// </summary>
public sealed class RunStoreSource : IExportSource
{
    private readonly IRunStore _store;
    private readonly IReadOnlyList<string> _runIds;

    /// <summary>A source over <paramref name="runIds"/> (at least one; duplicates are refused) in <paramref name="store"/>.</summary>
    public RunStoreSource(IRunStore store, IEnumerable<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runIds);
        _store = store;
        _runIds = runIds.ToList();
        if (_runIds.Count == 0)
        {
            throw new ArgumentException("An export needs at least one run id.", nameof(runIds));
        }

        var duplicate = _runIds.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Run '{duplicate.Key}' is named more than once.", nameof(runIds));
        }
    }

    /// <summary>The run ids, in order.</summary>
    public IReadOnlyList<string> RunIds => _runIds;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceRun>> LoadAsync(CancellationToken cancellationToken = default)
    {
        var runs = new List<SourceRun>(_runIds.Count);
        foreach (var id in _runIds)
        {
            runs.Add(await LoadRunAsync(id, cancellationToken).ConfigureAwait(false));
        }

        return runs;
    }

    private async Task<SourceRun> LoadRunAsync(string id, CancellationToken cancellationToken)
    {
        var info = await _store.GetRunAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No run '{id}' in {_store.Location}.");
        var run = new SourceRun { RunId = id, Kind = info.Kind, StoreLocation = _store.Location };
        if (info.Kind != RunKind.Evaluation)
        {
            return run with { Items = await _store.LoadItemsAsync(id, cancellationToken).ConfigureAwait(false) };
        }

        RunConfiguration configuration;
        IReadOnlyList<RunResult> results;
        try
        {
            configuration = await _store.LoadConfigurationAsync(id, cancellationToken).ConfigureAwait(false);
            results = await _store.LoadResultsAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Run '{id}' in {_store.Location} has stored data that cannot be read: {e.Message}", e);
        }

        foreach (var result in results)
        {
            if (!configuration.Strategies.Any(s => s.Name == result.Scored.Strategy))
            {
                throw new InvalidDataException(
                    $"Run '{id}' in {_store.Location} has a result of strategy '{result.Scored.Strategy}' that its configuration does not list.");
            }
        }

        return run with { Configuration = configuration, Results = results };
    }
}
