namespace Rethink.Engine.Inference;

/// <summary>One generated token.</summary>
/// <param name="Id">The chosen token id.</param>
/// <param name="LogProb">ln p of the chosen token under the model (raw logits, before temperature/top-k/top-p).</param>
/// <param name="TopAlternatives">The <see cref="SamplingOptions.TopLogProbs"/> most likely tokens, most likely first (empty when 0).</param>
/// <param name="IsStop">True when this token is one of <see cref="SamplingOptions.StopTokens"/>; it is the last one yielded.</param>
public sealed record GeneratedToken(int Id, float LogProb, IReadOnlyList<TokenLogProb> TopAlternatives, bool IsStop);
