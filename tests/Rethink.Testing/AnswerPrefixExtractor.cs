using Rethink.Core;

namespace Rethink.Testing;

/// <summary>
/// Test extractor: the answer is the text after the last "Answer:" (case-insensitive) up to the end of that line,
/// trimmed; null when there is none. Normalisation trims and lower-cases. Stateless and thread-safe.
/// </summary>
public sealed class AnswerPrefixExtractor : IAnswerExtractor
{
    /// <summary>Shared instance.</summary>
    public static AnswerPrefixExtractor Instance { get; } = new();

    /// <inheritdoc />
    public string? Extract(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var at = response.LastIndexOf("answer:", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = response[(at + "answer:".Length)..];
        var end = rest.IndexOf('\n', StringComparison.Ordinal);
        var answer = (end < 0 ? rest : rest[..end]).Trim();
        return answer.Length == 0 ? null : answer;
    }

    /// <inheritdoc />
    public string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Trim().ToLowerInvariant();
    }
}
