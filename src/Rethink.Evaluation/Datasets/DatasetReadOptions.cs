namespace Rethink.Evaluation.Datasets;

/// <summary>
/// How a JSONL reader treats bad lines, long lines and items without ids, and how much one line may hold. The limits
/// bound what one record costs in memory whatever the input: a line is never held past <see cref="MaxLineBytes"/>, and
/// a list field is measured before any of its items are copied out. Immutable.
/// </summary>
public sealed record DatasetReadOptions
{
    /// <summary>The default line length limit: 16 MiB.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The default limit on the turns of one response line: 1,000 (every built-in strategy stays under 25).</summary>
    public const int DefaultMaxTurnsPerLine = 1000;

    /// <summary>The default limit on the samples of one problem: 10,000 (pass@k is usually estimated from 200).</summary>
    public const int DefaultMaxSamplesPerProblem = 10_000;

    /// <summary>Stop at the first bad line (default) or skip bad lines and report them.</summary>
    public DatasetErrorPolicy ErrorPolicy { get; init; } = DatasetErrorPolicy.Stop;

    /// <summary>
    /// A line longer than this many bytes ends the read with a <see cref="DatasetException"/> naming the file, the line
    /// and the limit, under either error policy: the reader stops consuming within 64 KiB of the limit instead of reading
    /// on to find the next line, so input that never ends a line cannot hang it.
    /// </summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>
    /// Responses only: a line whose <c>turns</c> array has more items than this is rejected (field <c>turns</c>) before any
    /// turn is read. Must be positive.
    /// </summary>
    public int MaxTurnsPerLine { get; init; } = DefaultMaxTurnsPerLine;

    /// <summary>
    /// Responses and code samples: a response's <c>sample</c> must be below this, and a task may have at most this many
    /// code samples (the line past it is rejected, field <c>task_id</c>). Must be positive.
    /// </summary>
    public int MaxSamplesPerProblem { get; init; } = DefaultMaxSamplesPerProblem;

    /// <summary>How items without an id are named (datasets only; response files must carry ids).</summary>
    public MissingIdPolicy MissingIds { get; init; } = MissingIdPolicy.ContentHash;
}
