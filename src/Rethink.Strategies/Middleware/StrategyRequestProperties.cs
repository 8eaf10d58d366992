namespace Rethink.Strategies;

/// <summary>
/// <c>ChatOptions.AdditionalProperties</c> keys that <see cref="StrategyChatClient"/> reads as per-request overrides.
/// They are removed from the options before the strategy's calls go to the inner client. Values may be numbers or
/// invariant-culture strings; an unparseable value is an <see cref="ArgumentException"/> naming the key.
/// </summary>
public static class StrategyRequestProperties
{
    /// <summary>The problem id recorded in the trajectory (string).</summary>
    public const string ProblemId = "rethink.problem_id";

    /// <summary>Token budget for this request (integer; all calls of the strategy).</summary>
    public const string MaxTokens = "rethink.max_tokens";

    /// <summary>Base seed for sampled calls (integer); the same key as Core's <see cref="Core.RethinkProperties.StrategySeed"/>.</summary>
    public const string Seed = Core.RethinkProperties.StrategySeed;

    /// <summary>Sampling temperature for strategies that draw several samples (number).</summary>
    public const string SampleTemperature = "rethink.sample_temperature";

    /// <summary>All the keys above.</summary>
    public static IReadOnlyList<string> All { get; } = [ProblemId, MaxTokens, Seed, SampleTemperature];
}
