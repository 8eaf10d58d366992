namespace Rethink.Engine.Training;

/// <summary>What one optimizer step did.</summary>
/// <param name="Step">Number of completed steps after this one (1-based).</param>
/// <param name="Loss">Mean masked cross-entropy of the step's batch, before the update.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="LearningRate">Learning rate used.</param>
/// <param name="Tokens">Positions processed (B * T, padding included).</param>
/// <param name="TrainedTokens">Positions whose loss counted.</param>
public readonly record struct TrainStepResult(long Step, float Loss, double GradientNorm, float LearningRate, int Tokens, int TrainedTokens);
