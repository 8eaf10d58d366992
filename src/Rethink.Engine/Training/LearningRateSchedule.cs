namespace Rethink.Engine.Training;

/// <summary>
/// Linear warmup then cosine decay: lr(s) = max * (s+1)/warmup for s &lt; warmup, then
/// min + (max - min) * (1 + cos(pi * p)) / 2 with p = (s - warmup) / (total - warmup), clamped to [0, 1].
/// Steps are 0-based.
/// </summary>
/// <param name="MaxLearningRate">Peak learning rate.</param>
/// <param name="MinLearningRate">Floor reached at <paramref name="TotalSteps"/>.</param>
/// <param name="WarmupSteps">Steps of linear warmup.</param>
/// <param name="TotalSteps">Steps at which the cosine reaches the floor.</param>
public sealed record LearningRateSchedule(float MaxLearningRate, float MinLearningRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>The learning rate for 0-based <paramref name="step"/>.</summary>
    /// <param name="step">0-based step.</param>
    public float At(long step)
    {
        if (step < WarmupSteps)
        {
            return MaxLearningRate * (step + 1) / WarmupSteps;
        }

        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var p = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
        return (float)(MinLearningRate + ((MaxLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * p))));
    }
}
