using Rethink.Core;
using Rethink.Strategies;

namespace Rethink.Cli.Commands;

/// <summary>Strategy names and <c>--set</c> values to strategies, with catalog errors turned into usage errors.</summary>
internal static class StrategyFactory
{
    public static IReadOnlyList<string> ParseNames(string list)
    {
        try
        {
            return StrategyCatalog.ParseList(list);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(TrimPeriod(e.Message));
        }
    }

    /// <summary>
    /// Creates every named strategy. A <c>--set</c> key applies to each strategy that has a setting of that name
    /// (a key prefixed <c>strategy.</c> applies to that strategy only); a key no strategy knows is a usage error, so a
    /// typo never silently runs the defaults.
    /// </summary>
    public static IReadOnlyList<IStrategy> Create(IReadOnlyList<string> names, IReadOnlyDictionary<string, string> settings)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var strategies = new List<IStrategy>();
        foreach (var name in names)
        {
            var descriptor = StrategyCatalog.Describe(name);
            var known = descriptor.Settings.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var mine = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in settings)
            {
                var prefix = descriptor.Name + ".";
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    mine[key[prefix.Length..]] = value;
                    used.Add(key);
                }
                else if (!key.Contains('.', StringComparison.Ordinal) && known.Contains(key))
                {
                    mine[key] = value;
                    used.Add(key);
                }
            }

            try
            {
                strategies.Add(StrategyCatalog.Create(descriptor.Name, mine));
            }
            catch (ArgumentException e)
            {
                throw CliException.Usage($"strategy '{descriptor.Name}': {TrimPeriod(e.Message)}");
            }
        }

        var unknown = settings.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            var valid = names.SelectMany(n => StrategyCatalog.Describe(n).Settings.Select(s => s.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            throw CliException.Usage(
                $"--set {string.Join(", ", unknown)}: no such setting for {string.Join(", ", names)}; valid: {string.Join(", ", valid)}");
        }

        return strategies;
    }

    /// <summary>
    /// <paramref name="settings"/> plus each <c>strategy.setting</c> default whose strategy is among
    /// <paramref name="names"/> and whose setting the user did not give (prefixed or not).
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithDefaults(IReadOnlyList<string> names, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> defaults)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        foreach (var strategy in names)
        {
            foreach (var (setting, value) in DefaultsFor(strategy, defaults))
            {
                var key = strategy + "." + setting;
                if (!settings.ContainsKey(key) && !settings.ContainsKey(setting))
                {
                    merged[key] = value;
                }
            }
        }

        return merged;
    }

    /// <summary>The <c>strategy.setting</c> entries of <paramref name="defaults"/> for one strategy, keyed by setting.</summary>
    public static Dictionary<string, string> DefaultsFor(string strategy, IReadOnlyDictionary<string, string> defaults) =>
        defaults.Where(d => d.Key.StartsWith(strategy + ".", StringComparison.Ordinal))
            .ToDictionary(d => d.Key[(strategy.Length + 1)..], d => d.Value, StringComparer.Ordinal);

    /// <summary>An <see cref="ArgumentException"/> message as a usage error shows it: no parameter suffix, no final period.</summary>
    public static string TrimPeriod(string message)
    {
        // ArgumentException appends " (Parameter 'x')"; users do not need it.
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        return message.TrimEnd('.');
    }
}
