using Rethink.Engine.Model;

namespace Rethink.Engine.Checkpoints;

/// <summary>Everything needed to resume a training run exactly.</summary>
/// <param name="Config">Model shape.</param>
/// <param name="Step">Completed optimizer steps.</param>
/// <param name="Epoch">Data sampler epoch.</param>
/// <param name="Cursor">Data sampler position within the epoch.</param>
/// <param name="Seed">Run seed (initialisation and data order).</param>
/// <param name="Weights">Parameters [TotalLength].</param>
/// <param name="FirstMoments">AdamW m [TotalLength].</param>
/// <param name="SecondMoments">AdamW v [TotalLength].</param>
public sealed record TrainingCheckpointState(
    ModelConfig Config,
    long Step,
    long Epoch,
    int Cursor,
    long Seed,
    float[] Weights,
    float[] FirstMoments,
    float[] SecondMoments);
