using System.Text.RegularExpressions;

namespace Rethink.Cli.Output;

/// <summary>
/// Removes secrets from text before it is printed. Upstream error bodies sometimes echo the Authorization header and
/// exception messages can embed it, so every error line passes through here: the configured key values (and their
/// halves, in case a message truncated them) and anything shaped like a bearer token or an <c>sk-</c> key.
/// </summary>
internal sealed partial class SecretRedactor
{
    private const string Mask = "***";
    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        _secrets = secrets
            .OfType<string>()
            .Where(s => s.Length >= 8)
            .SelectMany(s => new[] { s, s[..(s.Length / 2)], s[(s.Length / 2)..] })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = BearerPattern().Replace(text, "Bearer " + Mask);
        return KeyPattern().Replace(text, Mask);
    }

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
