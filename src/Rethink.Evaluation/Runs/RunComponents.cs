using System.Globalization;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// The typed view of a run's components (<see cref="RunConfiguration.Components"/>): which strategies were handed the
/// scoring verifier as feedback, the critic model, the dataset limit, how model-written code was isolated and for how
/// long, and what the scoring verifier records beyond a verdict; plus any others a suite adds. The configuration
/// stores them as name/value strings (that form is fingerprinted, so it never changes for a stored run); this type is
/// the one place that writes and reads that form. Immutable.
/// </summary>
public sealed record RunComponents
{
    /// <summary>The stored key of <see cref="FeedbackStrategies"/>.</summary>
    public const string FeedbackVerifierKey = "feedback_verifier";

    /// <summary>The stored key of <see cref="CriticModel"/>.</summary>
    public const string CriticModelKey = "critic_model";

    /// <summary>The stored key of <see cref="DatasetLimit"/>.</summary>
    public const string DatasetLimitKey = "dataset.limit";

    /// <summary>The stored key of <see cref="CodeIsolation"/>.</summary>
    public const string CodeExecutionKey = "code_execution";

    /// <summary>The stored key of <see cref="CodeTimeoutSeconds"/>.</summary>
    public const string CodeTimeoutKey = "code_execution.timeout_s";

    /// <summary>The scoring verifier's name, recorded beside the strategies it was handed to.</summary>
    public string? FeedbackVerifier { get; init; }

    /// <summary>The strategies that were handed the scoring verifier as feedback (oracle-assisted); empty: none.</summary>
    public IReadOnlyList<string> FeedbackStrategies { get; init; } = [];

    /// <summary>The critic model's identity, or null when strategies critique with the generator.</summary>
    public string? CriticModel { get; init; }

    /// <summary>The <c>--limit</c> applied to the dataset, or null for all of it.</summary>
    public int? DatasetLimit { get; init; }

    /// <summary>How model-written code was isolated (an execution isolation name), or null when the run executed none.</summary>
    public string? CodeIsolation { get; init; }

    /// <summary>The wall-clock limit of one program run, in seconds, when code ran.</summary>
    public double? CodeTimeoutSeconds { get; init; }

    /// <summary>Further components by stored key (a suite's own, such as what its verifier records).</summary>
    public IReadOnlyDictionary<string, string> Others { get; init; } = new Dictionary<string, string>();

    /// <summary>The stored form: the keys above (always the first three, the code ones when code ran) and the others.</summary>
    public SortedDictionary<string, string> ToDictionary()
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [FeedbackVerifierKey] = FeedbackStrategies.Count == 0 ? "none" : (FeedbackVerifier ?? "verifier") + ": " + string.Join(',', FeedbackStrategies),
            [CriticModelKey] = CriticModel ?? "none",
            [DatasetLimitKey] = DatasetLimit?.ToString(CultureInfo.InvariantCulture) ?? "all",
        };
        if (CodeIsolation is { } isolation)
        {
            items[CodeExecutionKey] = isolation;
        }

        if (CodeTimeoutSeconds is { } timeout)
        {
            items[CodeTimeoutKey] = timeout.ToString("0.###", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in Others)
        {
            items[key] = value;
        }

        return items;
    }

    /// <summary>
    /// The typed view of <paramref name="components"/> as stored. A feedback value of a bare verifier name (written by
    /// earlier versions) means every one of <paramref name="strategies"/> was handed it.
    /// </summary>
    public static RunComponents Parse(IReadOnlyDictionary<string, string> components, IReadOnlyList<string> strategies)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(strategies);
        string? verifier = null;
        IReadOnlyList<string> feedback = [];
        if (components.TryGetValue(FeedbackVerifierKey, out var value) && value != "none")
        {
            var colon = value.IndexOf(": ", StringComparison.Ordinal);
            verifier = colon < 0 ? value : value[..colon];
            feedback = colon < 0 ? strategies : value[(colon + 2)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        }

        string[] known = [FeedbackVerifierKey, CriticModelKey, DatasetLimitKey, CodeExecutionKey, CodeTimeoutKey];
        return new RunComponents
        {
            FeedbackVerifier = verifier,
            FeedbackStrategies = feedback,
            CriticModel = components.TryGetValue(CriticModelKey, out var critic) && critic != "none" ? critic : null,
            DatasetLimit = components.TryGetValue(DatasetLimitKey, out var limit) && int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            CodeIsolation = components.TryGetValue(CodeExecutionKey, out var isolation) ? isolation : null,
            CodeTimeoutSeconds = components.TryGetValue(CodeTimeoutKey, out var timeout) && double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null,
            Others = components.Where(kv => !known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }
}
