using System.Globalization;

namespace Rethink.Evaluation.Datasets;

/// <summary>One rejected line of a JSONL file: where it is, which field was wrong (when one was), and why.</summary>
/// <param name="File">The file's path as given to the reader (or the name given for a stream).</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Field">The JSON field at fault, or null when the whole line was (bad JSON, not an object, too long).</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record DatasetError(string File, int Line, string? Field, string Message)
{
    /// <summary><c>file:line: field 'name': message</c> (the field part only when there is one).</summary>
    public override string ToString() => Field is null
        ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Message}")
        : string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: field '{Field}': {Message}");
}
