namespace Rethink.Core;

/// <summary>
/// The fallback extractor: the answer is the last non-empty line, trimmed; normalisation trims and lower-cases.
/// Format-aware extractors (numbers, choice letters) live in Rethink.Verifiers.
/// </summary>
public sealed class LastLineAnswerExtractor : IAnswerExtractor
{
    /// <summary>Shared instance (stateless).</summary>
    public static LastLineAnswerExtractor Instance { get; } = new();

    /// <inheritdoc />
    public string? Extract(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var lines = response.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? null : lines[^1];
    }

    /// <inheritdoc />
    public string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Trim().ToLowerInvariant();
    }
}
