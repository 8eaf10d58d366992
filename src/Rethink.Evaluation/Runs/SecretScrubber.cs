using System.Text.RegularExpressions;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// The one place secrets are removed from text before it is stored, printed or exported: explicitly registered secrets
/// (and, for long ones, each half, in case a message truncated them), the values of environment variables whose names
/// look like secrets (<c>*_API_KEY</c>, <c>*_TOKEN</c>, <c>*_SECRET</c>, <c>*PASSWORD*</c>), bearer/basic authorization
/// values, <c>sk-</c> style keys, credential query parameters and URL user-info. Error messages from HTTP stacks
/// routinely embed URLs and echoed headers, so every string the runner persists from an exception, every error line
/// the CLI prints and every telemetry attribute passes through <see cref="Scrub"/>; report files, whose text people and
/// models wrote, pass through the narrower <see cref="ScrubKnownSecrets"/>. Immutable and thread-safe.
/// </summary>
public sealed partial class SecretScrubber
{
    private const string Mask = "***";
    private const int MinimumSecretLength = 6;

    // Halves shorter than this would mask ordinary words; a 16-character key yields two 8-character halves.
    private const int MinimumHalfLength = 8;
    private readonly string[] _secrets;

    /// <summary>
    /// Creates a scrubber that also removes every value in <paramref name="secrets"/> (null, blank and values shorter
    /// than 6 characters are ignored) and each half of those of 16 characters or more.
    /// </summary>
    /// <param name="secrets">Known secret values, such as the API key the caller read.</param>
    /// <param name="includeEnvironment">Also remove the values of secret-looking environment variables, read now.</param>
    public SecretScrubber(IEnumerable<string?>? secrets = null, bool includeEnvironment = true)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in secrets ?? [])
        {
            if (!string.IsNullOrWhiteSpace(s) && s.Trim().Length >= MinimumSecretLength)
            {
                var secret = s.Trim();
                all.Add(secret);
                if (secret.Length >= 2 * MinimumHalfLength)
                {
                    all.Add(secret[..(secret.Length / 2)]);
                    all.Add(secret[(secret.Length / 2)..]);
                }
            }
        }

        if (includeEnvironment)
        {
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                if (entry.Key is string name && entry.Value is string value && SecretName().IsMatch(name)
                    && value.Trim().Length >= MinimumSecretLength)
                {
                    all.Add(value.Trim());
                }
            }
        }

        // Longest first so that a secret containing another is removed whole.
        _secrets = all.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).ToArray();
        KnownValues = _secrets.Concat(_secrets.Select(Uri.EscapeDataString))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// The exact strings <see cref="ScrubKnownSecrets"/> replaces before its pattern rules: every registered and
    /// environment secret, the halves of long ones, and their URL-escaped forms; longest first. For callers that must
    /// find them where this class cannot look, such as text that arrives in pieces (a streamed reply whose secret is
    /// split across two chunks). These are the secrets themselves: never print, store or log them.
    /// </summary>
    public IReadOnlyList<string> KnownValues { get; }

    /// <summary>A scrubber with no registered secrets that reads the environment when first used.</summary>
    public static SecretScrubber Default => LazyDefault.Value;

    private static readonly Lazy<SecretScrubber> LazyDefault = new(() => new SecretScrubber());

    /// <summary>
    /// The text with every secret it recognises replaced by <c>***</c>: known values, authorization values, key-shaped
    /// tokens, <c>name=value</c> credentials, credential query parameters and URL user-info. Meant for diagnostics
    /// (error messages, URLs, configurations); null stays null.
    /// </summary>
    public string? Scrub(string? text)
    {
        text = ScrubKnownSecrets(text);
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = KeyedValue().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
        text = CredentialQuery().Replace(text, m => m.Groups["name"].Value + Mask);
        return UrlUserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
    }

    /// <summary>
    /// The narrower pass for text that people or models wrote (reports, trajectories): removes the known secret values
    /// (and their URL-escaped forms), authorization header values and <c>sk-</c> style keys, but leaves
    /// <c>password: ...</c>-like prose and query strings alone, since a dataset may legitimately contain them.
    /// Null stays null.
    /// </summary>
    public string? ScrubKnownSecrets(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (!string.Equals(escaped, secret, StringComparison.Ordinal))
            {
                text = text.Replace(escaped, Mask, StringComparison.Ordinal);
            }
        }

        text = AuthorizationValue().Replace(text, m => m.Groups["scheme"].Value + " " + Mask);
        return KeyLike().Replace(text, m => m.Groups["prefix"].Value + Mask);
    }

    /// <summary>
    /// A URL reduced to scheme, host, port and path: user-info, query string and fragment are dropped because that is
    /// where keys travel (<c>?api-key=...</c>, <c>https://user:key@host</c>). Text that is not an absolute URL is
    /// scrubbed with <see cref="Scrub"/> instead.
    /// </summary>
    public string? ScrubUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return url;
        }

        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
            return Scrub(builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        }

        return Scrub(url);
    }

    [GeneratedRegex(@"(API_?KEY|APIKEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_?KEY|CREDENTIAL)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // The value must contain a digit: credentials do, while prose such as "token budget" must survive in reports.
    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic|Token))\s+(?=[A-Za-z._~+/=\-]*[0-9])[A-Za-z0-9._~+/=\-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();

    [GeneratedRegex(@"(?<name>\b(?:x-)?api[-_]?key|\bauthorization|\bapikey|\baccess[-_]?token|\bclient[-_]?secret|\bpassword)(?<sep>[""']?\s*[:=]\s*[""']?)(?!\*\*\*)[^\s""',;&]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyedValue();

    [GeneratedRegex(@"(?<name>[?&](?:api[-_]?key|key|token|access_token|auth|sig|signature|password|secret|code)=)[^&\s#""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialQuery();

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.\-]*://)[^/\s@]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(?<prefix>\b(?:sk|pk|rk)-(?:proj-|ant-)?)[A-Za-z0-9_\-]{12,}", RegexOptions.CultureInvariant)]
    private static partial Regex KeyLike();
}
