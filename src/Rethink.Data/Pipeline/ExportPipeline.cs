namespace Rethink.Data;

/// <summary>
/// An export as composable steps: source (runs of a store) → builder (one kind) → filters (in the order added) →
/// writer (one format). Each method returns a new pipeline, so a configured pipeline can be shared and reused;
/// instances are immutable and thread-safe (as far as the store is). The correction kind's balance step
/// (<see cref="CorrectionBuilder.Balance"/>) runs after every added filter, so the share holds among the records
/// actually written. Nothing is written unless every run loads and every record can be expressed in the format.
/// </summary>
/// <example>
/// <code>
/// await using IRunStore store = await SqliteRunStore.OpenAsync("runs.db");
/// var summary = await new ExportPipeline(store)
///     .From("run-a", "run-b")
///     .Kind(new CorrectionBuilder(new CorrectionOptions { ConfidenceLevelShare = 0.4, Seed = 1 }))
///     .Filter(new DedupeFilter())
///     .Filter(new LengthFilter(minTargetChars: 1, maxTotalChars: 16_000))
///     .Filter(new LeakFilter([new EvaluationPromptSet("gsm8k-test", testQuestions)]))
///     .WriteAsync(output, ExportFormat.Trl, cancellationToken);
/// </code>
/// </example>
public sealed class ExportPipeline
{
    private readonly Rethink.Evaluation.Runs.IRunStore? _store;
    private readonly IExportSource? _source;
    private readonly IReadOnlyList<string> _runIds;
    private readonly IRecordBuilder? _builder;
    private readonly IReadOnlyList<IRecordFilter> _filters;

    /// <summary>A pipeline reading runs of <paramref name="store"/> (name them with <see cref="From"/>).</summary>
    public ExportPipeline(Rethink.Evaluation.Runs.IRunStore store)
        : this(store ?? throw new ArgumentNullException(nameof(store)), null, [], null, [])
    {
    }

    /// <summary>A pipeline reading the runs of <paramref name="source"/>.</summary>
    public ExportPipeline(IExportSource source)
        : this(null, source ?? throw new ArgumentNullException(nameof(source)), [], null, [])
    {
    }

    private ExportPipeline(Rethink.Evaluation.Runs.IRunStore? store, IExportSource? source, IReadOnlyList<string> runIds, IRecordBuilder? builder, IReadOnlyList<IRecordFilter> filters)
    {
        _store = store;
        _source = source;
        _runIds = runIds;
        _builder = builder;
        _filters = filters;
    }

    /// <summary>The builder of <paramref name="kind"/> with default options; throws <see cref="ArgumentException"/> for an unknown kind.</summary>
    public static IRecordBuilder DefaultBuilder(string kind) => kind switch
    {
        ExportKind.Sft => new SftBuilder(),
        ExportKind.Correction => new CorrectionBuilder(),
        ExportKind.Preference => new PreferenceBuilder(),
        ExportKind.Critique => new CritiqueBuilder(),
        ExportKind.Judgement => new JudgementBuilder(),
        _ => throw new ArgumentException($"Unknown export kind '{kind}' (known: {string.Join(", ", ExportKind.All)}).", nameof(kind)),
    };

    /// <summary>Adds the runs to read (store pipelines only), in order.</summary>
    public ExportPipeline From(params IEnumerable<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (_store is null)
        {
            throw new InvalidOperationException("This pipeline reads a source of its own; From names runs of a store.");
        }

        return new ExportPipeline(_store, _source, [.. _runIds, .. runIds], _builder, _filters);
    }

    /// <summary>Sets the kind, with <paramref name="builder"/>'s options.</summary>
    public ExportPipeline Kind(IRecordBuilder builder) =>
        new(_store, _source, _runIds, builder ?? throw new ArgumentNullException(nameof(builder)), _filters);

    /// <summary>Sets the kind, with default options (<see cref="DefaultBuilder"/>).</summary>
    public ExportPipeline Kind(string kind) => Kind(DefaultBuilder(kind));

    /// <summary>Adds a filter after those already added.</summary>
    public ExportPipeline Filter(IRecordFilter filter) =>
        new(_store, _source, _runIds, _builder, [.. _filters, filter ?? throw new ArgumentNullException(nameof(filter))]);

    /// <summary>
    /// Loads the runs, builds and filters the records. Throws <see cref="InvalidOperationException"/> when no kind was
    /// set or a run is of a kind the builder does not read, <see cref="KeyNotFoundException"/> for an unknown run and
    /// <see cref="InvalidDataException"/> for stored data that cannot be read; each message names the run and the store.
    /// </summary>
    public async Task<ExportBatch> BuildAsync(CancellationToken cancellationToken = default)
    {
        var builder = _builder ?? throw new InvalidOperationException("Set the kind of record to export (Kind) before building.");
        var source = _source ?? new RunStoreSource(_store!, _runIds);
        var runs = await source.LoadAsync(cancellationToken).ConfigureAwait(false);
        var built = builder.Build(runs, cancellationToken);
        var records = built.Records;
        var dropped = new List<DroppedRecord>(built.Dropped);
        IEnumerable<IRecordFilter> filters = builder is CorrectionBuilder { Balance: { } balance } ? [.. _filters, balance] : _filters;
        foreach (var filter in filters)
        {
            var result = filter.Apply(records, cancellationToken);
            records = result.Kept;
            dropped.AddRange(result.Dropped);
        }

        var summary = new ExportSummary
        {
            Kind = builder.Kind,
            Runs = runs.Select(r => r.RunId).ToList(),
            Built = built.Records.Count,
            Written = records.Count,
            DroppedByReason = Count(dropped.Select(d => d.Reason)),
            WrittenByLabel = Count(records.Select(r => r.Label ?? "(none)")),
            Dropped = dropped,
        };
        return new ExportBatch(records, summary);
    }

    /// <summary>Builds (see <see cref="BuildAsync"/>) and writes the records in <paramref name="format"/> (<see cref="ExportFormat"/>).</summary>
    public Task<ExportSummary> WriteAsync(Stream destination, string format, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, ExportFormat.Writer(format), cancellationToken);

    /// <summary>
    /// Builds (see <see cref="BuildAsync"/>) and writes the records with <paramref name="writer"/>; throws
    /// <see cref="NotSupportedException"/>, before writing anything, when the format cannot express them.
    /// </summary>
    public async Task<ExportSummary> WriteAsync(Stream destination, IRecordWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(writer);
        var batch = await BuildAsync(cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(batch.Records, destination, cancellationToken).ConfigureAwait(false);
        return batch.Summary with { Format = writer.Format };
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
