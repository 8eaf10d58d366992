namespace Rethink.Evaluation.Datasets;

/// <summary>
/// One raw line: its number and UTF-8 bytes (without the line end), or why they could not be read as text.
/// <see cref="Utf8"/> points into the reader's buffer and is valid until the reader moves to the next line.
/// <see cref="EndsRead"/> marks a line the reader stopped inside (over the length limit): nothing follows it.
/// </summary>
internal readonly record struct JsonlLine(int Number, ReadOnlyMemory<byte> Utf8, string? Error, bool EndsRead = false);
