namespace Rethink.Engine.Inference;

/// <summary>The tokens generated for one sequence and why generation ended.</summary>
/// <param name="Tokens">Generated tokens in order (a final stop token included, flagged <see cref="GeneratedToken.IsStop"/>).</param>
/// <param name="Finish">Why it ended.</param>
public sealed record GenerationResult(IReadOnlyList<GeneratedToken> Tokens, FinishReason Finish);
