namespace Rethink.Core;

/// <summary>
/// The one spelling of a strategy setting key. Catalog keys are snake_case (<c>max_rounds</c>); configuration files and
/// requests may write kebab-case or another case (<c>Max-Rounds</c>). Every place that reads a key from outside runs it
/// through <see cref="Normalize"/> before comparing it. Stateless and thread-safe.
/// </summary>
public static class SettingKeys
{
    /// <summary>
    /// <paramref name="key"/> trimmed, with <c>-</c> read as <c>_</c>, lower-cased (invariant): <c> Max-Rounds </c>
    /// becomes <c>max_rounds</c>. Throws <see cref="ArgumentNullException"/> for null.
    /// </summary>
    public static string Normalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Trim().Replace('-', '_').ToLowerInvariant();
    }
}
