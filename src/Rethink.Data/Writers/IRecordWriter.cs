namespace Rethink.Data;

/// <summary>
/// Writes records in one format to a stream. Output is deterministic: the same records give the same bytes (stable
/// property order, invariant culture, no timestamps). A writer checks every record before writing the first byte and
/// throws <see cref="NotSupportedException"/>, saying why and what to do instead, when the format cannot express them.
/// The stream is written from its current position and left open. Implementations are immutable and thread-safe.
/// </summary>
public interface IRecordWriter
{
    /// <summary>The <see cref="ExportFormat"/> name.</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="records"/> to <paramref name="destination"/>.</summary>
    Task WriteAsync(IReadOnlyList<TrainingRecord> records, Stream destination, CancellationToken cancellationToken = default);
}
