using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>The settings fingerprint of a strategy, as records carry it in <see cref="RecordProvenance.StrategyFingerprint"/>.</summary>
public static class StrategyFingerprint
{
    /// <summary>
    /// Lower-case hex SHA-256 of a JSON array <c>[name, [[key, value], ...]]</c> with settings sorted by key (ordinal):
    /// equal exactly when the name and every setting (prompts included) are equal, whatever order they were given in. Pure.
    /// </summary>
    public static string Of(StrategyDescription strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var settings = strategy.Settings
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new[] { p.Key, p.Value })
            .ToArray();
        var json = JsonSerializer.Serialize(new object[] { strategy.Name, settings });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
