namespace Rethink.Evaluation.Runs;

/// <summary>
/// Limits on what a run may spend. <see cref="MaxTokensPerProblem"/> shapes each trajectory and so is part of the
/// run's fingerprint; the run-level limits and prices only decide when to stop scheduling, so a stopped run can be
/// resumed with larger ones. Immutable.
/// </summary>
public sealed record RunBudgets
{
    /// <summary>Token budget of one (strategy, problem, sample) run, input plus output, all roles; null for none.</summary>
    public long? MaxTokensPerProblem { get; init; }

    /// <summary>
    /// Billed tokens (input plus output of calls not served from the response cache) the whole run may use, summed over
    /// every session of it; once reached no new problem starts. Null for none.
    /// </summary>
    public long? MaxRunTokens { get; init; }

    /// <summary>Cost the whole run may reach, in the currency of the prices; requires both prices. Null for none.</summary>
    public decimal? MaxRunCost { get; init; }

    /// <summary>Price of one million input tokens; null when unknown (cost is then not computed).</summary>
    public decimal? InputPricePerMillion { get; init; }

    /// <summary>Price of one million output tokens; null when unknown (cost is then not computed).</summary>
    public decimal? OutputPricePerMillion { get; init; }

    /// <summary>The cost of <paramref name="inputTokens"/> and <paramref name="outputTokens"/>, or null when a price is missing.</summary>
    public decimal? CostOf(long inputTokens, long outputTokens) =>
        InputPricePerMillion is { } input && OutputPricePerMillion is { } output
            ? (inputTokens * input / 1_000_000m) + (outputTokens * output / 1_000_000m)
            : null;
}
