namespace Rethink.Engine.Inference;

/// <summary>A token id with its natural-log probability under the model (softmax of the raw logits, temperature 1).</summary>
/// <param name="Id">Token id.</param>
/// <param name="LogProb">ln p(token).</param>
public sealed record TokenLogProb(int Id, float LogProb);
