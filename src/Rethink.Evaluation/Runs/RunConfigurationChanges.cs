using System.Security.Cryptography;
using System.Text;

namespace Rethink.Evaluation.Runs;

/// <summary>Turns two fingerprint item maps into human messages naming each changed setting.</summary>
internal static class RunConfigurationChanges
{
    public const string VersionKey = "fingerprint.version";
    public const string StrategyPrefix = "strategy:";
    public const string SettingSeparator = "\u0000";
    public const string ComponentPrefix = "component:";
    private const int MaxShownLength = 40;

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [VersionKey] = "fingerprint version",
        ["model.provider"] = "model provider",
        ["model.id"] = "model id",
        ["model.base_url"] = "model base URL",
        ["verifier.scoring"] = "scoring verifier",
        ["dataset.format"] = "dataset format",
        ["samples"] = "samples per problem",
        ["seed"] = "seed",
        ["chat.temperature"] = "temperature",
        ["chat.top_p"] = "top-p",
        ["chat.max_output_tokens"] = "max output tokens",
        ["chat.stop"] = "stop sequences",
        ["budget.max_tokens_per_problem"] = "per-problem token budget",
    };

    public static IReadOnlyList<string> Describe(SortedDictionary<string, string?> before, SortedDictionary<string, string?> after)
    {
        var messages = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetValue(key, out var old);
            var has = after.TryGetValue(key, out var now);
            if (had && has && string.Equals(old, now, StringComparison.Ordinal))
            {
                continue;
            }

            messages.Add(DescribeOne(key, had ? old : null, had, has ? now : null, has));
        }

        return messages;
    }

    private static string DescribeOne(string key, string? old, bool had, string? now, bool has)
    {
        if (key == "dataset.sha256")
        {
            return $"dataset content changed (sha256 {Short(old)}.. -> {Short(now)}..)";
        }

        if (key.StartsWith(StrategyPrefix, StringComparison.Ordinal))
        {
            var rest = key[StrategyPrefix.Length..];
            var separator = rest.IndexOf(SettingSeparator, StringComparison.Ordinal);
            if (separator < 0)
            {
                return had ? $"strategy {rest} was removed" : $"strategy {rest} was added";
            }

            var strategy = rest[..separator];
            var setting = rest[(separator + 1)..];
            return Changed($"strategy {strategy} setting '{setting}'", old, had, now, has);
        }

        if (key.StartsWith(ComponentPrefix, StringComparison.Ordinal))
        {
            return Changed($"component '{key[ComponentPrefix.Length..]}'", old, had, now, has);
        }

        return Changed(Labels.GetValueOrDefault(key, key), old, had, now, has);
    }

    private static string Changed(string what, string? old, bool had, string? now, bool has) =>
        (had, has) switch
        {
            (false, _) => $"{what} added (now {Show(now)})",
            (_, false) => $"{what} removed (was {Show(old)})",
            _ => $"{what} changed from {Show(old)} to {Show(now)}",
        };

    private static string Short(string? hash) => hash is null ? "none" : hash[..Math.Min(12, hash.Length)];

    // Prompts are long and multi-line: show a short prefix and a hash so two prompts that differ late are still told apart.
    private static string Show(string? value)
    {
        if (value is null)
        {
            return "unset";
        }

        if (value.Length <= MaxShownLength && !value.Contains('\n', StringComparison.Ordinal))
        {
            return value;
        }

        var prefix = value[..Math.Min(MaxShownLength, value.Length)].ReplaceLineEndings(" ");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
        return $"'{prefix}...' (sha256 {hash}..)";
    }
}
