using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// What a new run is: its kind, its configuration as JSON (already free of secrets) and the fingerprint a resume is
/// checked against. Evaluation runs are made from a <see cref="RunConfiguration"/> (<see cref="ForEvaluation"/>); other
/// kinds bring a configuration record of their own (<see cref="Create{T}"/>). Immutable.
/// </summary>
/// <param name="Kind">A <see cref="RunKind"/> value.</param>
/// <param name="ConfigurationJson">The configuration, as stored.</param>
/// <param name="Fingerprint">A stable hash of everything that changes the run's results.</param>
public sealed record RunDefinition(string Kind, string ConfigurationJson, string Fingerprint)
{
    /// <summary>The definition of an evaluation run; secrets known to <paramref name="scrubber"/> (default: the environment's) are removed.</summary>
    public static RunDefinition ForEvaluation(RunConfiguration configuration, SecretScrubber? scrubber = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Validate();
        var json = (scrubber ?? SecretScrubber.Default).Scrub(JsonSerializer.Serialize(configuration, RunJson.Options))!;
        return new RunDefinition(RunKind.Evaluation, json, configuration.Fingerprint());
    }

    /// <summary>
    /// The definition of a run of another <paramref name="kind"/> from its configuration record, serialized with the
    /// store's JSON options; the fingerprint is the SHA-256 of that JSON (before scrubbing, so a changed secret does not
    /// hide a changed configuration).
    /// </summary>
    public static RunDefinition Create<T>(string kind, T configuration, SecretScrubber? scrubber = null)
    {
        if (!RunKind.IsKnown(kind))
        {
            throw new ArgumentException($"unknown run kind '{kind}' (known: {string.Join(", ", RunKind.All)})", nameof(kind));
        }

        var json = JsonSerializer.Serialize(configuration, RunJson.Options);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + json)));
        return new RunDefinition(kind, (scrubber ?? SecretScrubber.Default).Scrub(json)!, fingerprint);
    }
}
