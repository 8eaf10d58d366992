namespace Rethink.Strategies;

/// <summary>Builds the <c>IStrategy.Settings</c> dictionary from the bindings: ordinal key order, invariant values.</summary>
internal static class SettingsSnapshot
{
    public static IReadOnlyDictionary<string, string> Of<TOptions>(IReadOnlyList<SettingBinding<TOptions>> bindings, TOptions options)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var b in bindings)
        {
            map[b.Descriptor.Name] = b.Format(options);
        }

        return map;
    }
}
