namespace Rethink.Evaluation.Datasets;

/// <summary>One raw line: its number and text, or why its bytes could not be read as text.</summary>
internal readonly record struct JsonlLine(int Number, string? Text, string? Error);
