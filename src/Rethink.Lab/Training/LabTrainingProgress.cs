namespace Rethink.Lab.Training;

/// <summary>A progress report from a lab training run.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps in the schedule.</param>
/// <param name="Loss">Training loss of the last step.</param>
/// <param name="EvalLoss">Latest held-out loss, if measured yet.</param>
/// <param name="TokensPerSecond">Trained-position throughput since this process started.</param>
/// <param name="Elapsed">Time since this process started training.</param>
/// <param name="Remaining">Estimated time to the end.</param>
public sealed record LabTrainingProgress(long Step, int TotalSteps, float Loss, float? EvalLoss, double TokensPerSecond, TimeSpan Elapsed, TimeSpan Remaining);
