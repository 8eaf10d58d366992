namespace Rethink.Core;

/// <summary>One answer: the full text, the final answer extracted from it (null when none could be found), its usage.</summary>
/// <param name="Text">The model's full response.</param>
/// <param name="Answer">The extracted final answer, or null.</param>
/// <param name="Usage">Tokens spent producing this attempt (the producing call only).</param>
public sealed record Attempt(string Text, string? Answer, TokenUsage Usage)
{
    /// <summary>Mean log-probability of the generated tokens, when the provider returned log-probabilities.</summary>
    public double? MeanLogProb { get; init; }
}
