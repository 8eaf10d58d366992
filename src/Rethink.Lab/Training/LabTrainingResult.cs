namespace Rethink.Lab.Training;

/// <summary>What a lab training run produced.</summary>
/// <param name="ModelPath">The GGUF model file.</param>
/// <param name="Steps">Steps trained in total.</param>
/// <param name="Examples">Training examples used.</param>
/// <param name="DroppedTooLong">Examples dropped because they did not fit the context.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="FinalLoss">Mean training loss over the last 20 steps.</param>
/// <param name="EvalLoss">Held-out loss at the end.</param>
/// <param name="TrainingTime">Wall-clock time spent training in this process.</param>
/// <param name="TokensPerSecond">Positions processed per second in this process.</param>
public sealed record LabTrainingResult(
    string ModelPath,
    long Steps,
    int Examples,
    int DroppedTooLong,
    long Parameters,
    float FinalLoss,
    float EvalLoss,
    TimeSpan TrainingTime,
    double TokensPerSecond);
