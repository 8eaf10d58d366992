namespace Rethink.Evaluation.Datasets;

/// <summary>How a problem without an id field gets one.</summary>
public enum MissingIdPolicy
{
    /// <summary>
    /// <c>h-</c> and the first 16 hex digits of the SHA-256 of the problem's message texts and gold answer (the
    /// default): stable when lines are reordered or reformatted, changed when the question or answer is edited. Two
    /// items with the same question and answer get the same id and the second is rejected as a duplicate.
    /// </summary>
    ContentHash,

    /// <summary><c>line-N</c> with N the 1-based line number: readable, but it changes when lines move.</summary>
    LineNumber,
}
