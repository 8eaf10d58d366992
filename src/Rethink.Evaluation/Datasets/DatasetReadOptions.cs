namespace Rethink.Evaluation.Datasets;

/// <summary>How a JSONL reader treats bad lines, long lines and items without ids. Immutable.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>The default line length limit: 16 MiB.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>Stop at the first bad line (default) or skip bad lines and report them.</summary>
    public DatasetErrorPolicy ErrorPolicy { get; init; } = DatasetErrorPolicy.Stop;

    /// <summary>Lines longer than this many bytes are rejected without being held in memory whole.</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>How items without an id are named (datasets only; response files must carry ids).</summary>
    public MissingIdPolicy MissingIds { get; init; } = MissingIdPolicy.ContentHash;
}
