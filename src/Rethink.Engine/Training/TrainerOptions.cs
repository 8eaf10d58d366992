namespace Rethink.Engine.Training;

/// <summary>Hyper-parameters of a training run. Immutable.</summary>
/// <param name="BatchSize">Sequences per step (B).</param>
/// <param name="SequenceLength">Most positions per sequence (T); at most the context length.</param>
/// <param name="TotalSteps">Steps of the schedule (the cosine reaches its floor here).</param>
/// <param name="MaxLearningRate">Peak learning rate after warmup.</param>
/// <param name="MinLearningRate">Learning-rate floor.</param>
/// <param name="WarmupSteps">Linear warmup steps.</param>
/// <param name="WeightDecay">AdamW decoupled weight decay (matrices and embeddings only).</param>
/// <param name="Beta1">AdamW first-moment decay.</param>
/// <param name="Beta2">AdamW second-moment decay.</param>
/// <param name="Epsilon">AdamW denominator guard.</param>
/// <param name="GradientClip">Global-norm clipping threshold; 0 disables.</param>
/// <param name="Seed">Seeds weight initialisation and data order.</param>
/// <param name="LengthBuckets">
/// Batch sequences of similar length (<see cref="BatchSampler"/> length buckets, windows of
/// <see cref="BatchSampler.DefaultBucketBatches"/> batches) so batches carry little padding; off by default so runs
/// and checkpoints made without it keep their data order. Resume a checkpoint with the same setting.
/// </param>
public sealed record TrainerOptions(
    int BatchSize = 8,
    int SequenceLength = 256,
    int TotalSteps = 1000,
    float MaxLearningRate = 1e-3f,
    float MinLearningRate = 1e-4f,
    int WarmupSteps = 50,
    float WeightDecay = 0.1f,
    float Beta1 = 0.9f,
    float Beta2 = 0.95f,
    float Epsilon = 1e-8f,
    float GradientClip = 1f,
    int Seed = 1,
    bool LengthBuckets = false);
