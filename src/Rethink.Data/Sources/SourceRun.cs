using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// One run as an export reads it: its id, kind and store, and either the evaluation configuration with its results (in
/// the store's fixed order) or the items of a run of another kind (in stored order). Immutable snapshot.
/// </summary>
public sealed record SourceRun
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The run's <see cref="RunKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The store's <see cref="IRunStore.Location"/>, for messages.</summary>
    public required string StoreLocation { get; init; }

    /// <summary>The configuration of an evaluation run; null for other kinds.</summary>
    public RunConfiguration? Configuration { get; init; }

    /// <summary>An evaluation run's results; empty for other kinds.</summary>
    public IReadOnlyList<RunResult> Results { get; init; } = [];

    /// <summary>The items of a run of another kind; empty for evaluation runs.</summary>
    public IReadOnlyList<RunItem> Items { get; init; } = [];

    /// <summary>"run 'id' in location", the way every message names a run.</summary>
    public string Describe() => $"run '{RunId}' in {StoreLocation}";
}
