using Rethink.Core;

namespace Rethink.Verifiers.Code;

/// <summary>
/// The answer extractor for code problems: the code of a response (see <see cref="CodeExtraction.Extract"/>), normalised
/// by dropping trailing whitespace on each line and blank lines at both ends, so answers that differ only in layout at
/// line ends vote together. Stateless and thread-safe.
/// </summary>
public sealed class CodeAnswerExtractor : IAnswerExtractor
{
    /// <summary>Shared instance.</summary>
    public static CodeAnswerExtractor Instance { get; } = new();

    /// <inheritdoc />
    public string? Extract(string response) => CodeExtraction.Extract(response);

    /// <inheritdoc />
    public string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lines = answer.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        return string.Join('\n', lines).Trim('\n');
    }
}
