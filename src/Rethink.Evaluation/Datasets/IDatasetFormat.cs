using System.Text.Json;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Turns one JSON object (one line of a JSONL file) into a <see cref="Problem"/>. Implementations report a bad item by
/// throwing <see cref="DatasetFieldException"/> naming the field; the reader adds the file and line. Implementations
/// must be stateless and thread-safe.
/// </summary>
public interface IDatasetFormat
{
    /// <summary>The format's name as given on the command line (e.g. <c>gsm8k</c>).</summary>
    string Name { get; }

    /// <summary>
    /// The answer kind of every problem the format reads (<see cref="AnswerKind.Code"/> for the code formats, which are
    /// scored by running tests); null when each problem names its own (<c>jsonl</c>).
    /// </summary>
    AnswerKind? Kind { get; }

    /// <summary>The field holding the item's id (named in duplicate-id errors).</summary>
    string IdField { get; }

    /// <summary>
    /// The problem in <paramref name="item"/> (a JSON object). When the item has no id, the returned problem's
    /// <see cref="Problem.Id"/> is the empty string and the reader assigns one (see <see cref="MissingIdPolicy"/>).
    /// </summary>
    /// <exception cref="DatasetFieldException">When a field is missing, of the wrong type or invalid.</exception>
    Problem Convert(JsonElement item);
}
