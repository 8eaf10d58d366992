using Rethink.Core;

namespace Rethink.Providers;

/// <summary>
/// Finds and masks known secret values (exact, ordinal) in model text, including text that arrives in pieces: it says
/// how much of a piece's end might be the start of a secret that the next piece completes, and masks the tokens of
/// reported log-probabilities consistently with their text. Matches are leftmost first and, at one position, longest
/// first, so a secret that contains another is masked whole. Immutable and thread-safe.
/// </summary>
internal sealed class SecretMasker
{
    /// <summary>What a secret becomes, as <see cref="Rethink.Evaluation.Runs.SecretScrubber"/> writes it.</summary>
    public const string Mask = "***";

    private readonly string[] _secrets;

    /// <param name="secrets">The values to mask; blank ones are ignored.</param>
    public SecretMasker(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = secrets.Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToArray();
        LongestSecret = _secrets.Length == 0 ? 0 : _secrets[0].Length;
    }

    /// <summary>Whether there is anything to mask.</summary>
    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>The length of the longest secret, in chars (0 when none).</summary>
    public int LongestSecret { get; }

    /// <summary>The non-overlapping occurrences of secrets in <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<(int Start, int Length)> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = new List<(int Start, int Length)>();
        foreach (var secret in _secrets)
        {
            for (var at = text.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = text.IndexOf(secret, at + 1, StringComparison.Ordinal))
            {
                candidates.Add((at, secret.Length));
            }
        }

        var matches = new List<(int Start, int Length)>();
        var end = 0;
        foreach (var candidate in candidates.OrderBy(c => c.Start).ThenByDescending(c => c.Length))
        {
            if (candidate.Start >= end)
            {
                matches.Add(candidate);
                end = candidate.Start + candidate.Length;
            }
        }

        return matches;
    }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Mask"/>; the same instance when none is in it.</summary>
    public string MaskText(string text)
    {
        var matches = FindAll(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var masked = new System.Text.StringBuilder(text.Length);
        var from = 0;
        foreach (var (start, length) in matches)
        {
            masked.Append(text, from, start - from).Append(Mask);
            from = start + length;
        }

        return masked.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>
    /// Where the longest end of <paramref name="text"/> that a later piece could complete into a secret starts (that end
    /// is a proper prefix of a secret); <c>text.Length</c> when no end could. Text before this index is final.
    /// </summary>
    public int PendingStart(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var start = Math.Max(0, text.Length - LongestSecret + 1); start < text.Length; start++)
        {
            var tail = text.AsSpan(start);
            foreach (var secret in _secrets)
            {
                if (secret.Length > tail.Length && secret.AsSpan().StartsWith(tail, StringComparison.Ordinal))
                {
                    return start;
                }
            }
        }

        return text.Length;
    }

    /// <summary>
    /// <paramref name="tokens"/>, whose texts spell a text, with the chars <c>[start, start + length)</c> of that text
    /// removed and, when <paramref name="insertMask"/>, <see cref="Mask"/> put where they began: each token overlapping
    /// the range keeps only its chars outside it (its bytes follow its new text), and loses its alternatives, which could
    /// spell the secret too. Tokens outside the range are the same instances.
    /// </summary>
    public static List<TokenLogProbability> MaskTokens(IReadOnlyList<TokenLogProbability> tokens, int start, int length, bool insertMask)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var result = new List<TokenLogProbability>(tokens.Count);
        var end = start + length;
        var offset = 0;
        var masked = false;
        foreach (var token in tokens)
        {
            var tokenStart = offset;
            var tokenEnd = offset + token.Token.Length;
            offset = tokenEnd;
            if (tokenEnd <= start || tokenStart >= end)
            {
                result.Add(token);
                continue;
            }

            var before = token.Token[..Math.Max(0, start - tokenStart)];
            var after = token.Token[Math.Min(token.Token.Length, end - tokenStart)..];
            var text = before + (insertMask && !masked ? Mask : string.Empty) + after;
            masked = true;
            result.Add(token with { Token = text, Bytes = System.Text.Encoding.UTF8.GetBytes(text), TopAlternatives = [] });
        }

        return result;
    }
}
