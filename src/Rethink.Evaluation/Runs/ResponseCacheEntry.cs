namespace Rethink.Evaluation.Runs;

/// <summary>A cached model response: what a hit replays. Immutable.</summary>
/// <param name="Text">The response text.</param>
/// <param name="InputTokens">Input tokens the provider reported for the original call.</param>
/// <param name="OutputTokens">Output tokens the provider reported for the original call.</param>
/// <param name="FinishReason">The provider's finish reason, when reported.</param>
/// <param name="ModelId">The model id the provider reported, when reported.</param>
/// <param name="MeanLogProb">Mean log-probability of the generated tokens, when reported.</param>
public sealed record ResponseCacheEntry(string Text, long InputTokens, long OutputTokens, string? FinishReason, string? ModelId, double? MeanLogProb);
