using Rethink.Engine.Checkpoints;
using Rethink.Engine.Model;

namespace Rethink.Engine.Training;

/// <summary>
/// A training run: weights, gradients, AdamW moments, schedule and data order. One <see cref="TrainStep"/> = one
/// padded mini-batch, forward, backward, global-norm clipping, AdamW. Deterministic: the same config, options, data
/// and seed give the same losses and weights bit for bit, and <see cref="SaveCheckpoint"/> /
/// <see cref="LoadCheckpoint"/> resume exactly. Not thread-safe.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingPass pass;

    /// <summary>Starts a run from weights initialised with <see cref="TrainerOptions.Seed"/>.</summary>
    /// <param name="config">Model shape.</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <param name="trainingData">Training sequences; referenced, not copied.</param>
    public Trainer(ModelConfig config, TrainerOptions options, IReadOnlyList<TrainingSequence> trainingData)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        Config = config;
        Options = options;
        Layout = new ParameterLayout(config);
        Weights = new LlamaWeights(Layout);
        Weights.InitializeRandom(options.Seed);
        Gradients = new float[Layout.TotalLength];
        Optimizer = new AdamW(Layout, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        Schedule = new LearningRateSchedule(options.MaxLearningRate, options.MinLearningRate, options.WarmupSteps, options.TotalSteps);
        var seq = Math.Min(options.SequenceLength, config.ContextLength);
        Sampler = new BatchSampler(trainingData, options.BatchSize, seq, options.Seed, options.LengthBuckets ? BatchSampler.DefaultBucketBatches : 0);
        pass = new TrainingPass(config, options.BatchSize, seq);
    }

    /// <summary>Model shape.</summary>
    public ModelConfig Config { get; }

    /// <summary>Hyper-parameters.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Parameter layout shared by weights, gradients and moments.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Current weights; updated by every step.</summary>
    public LlamaWeights Weights { get; }

    /// <summary>Gradients of the last step (after clipping) [TotalLength].</summary>
    public float[] Gradients { get; }

    /// <summary>The optimizer and its moments.</summary>
    public AdamW Optimizer { get; }

    /// <summary>Learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Data order state.</summary>
    public BatchSampler Sampler { get; }

    /// <summary>Completed steps.</summary>
    public long Step { get; private set; }

    /// <summary>
    /// Runs one optimizer step on the next mini-batch, padded to its own longest sequence (at most T). With
    /// <see cref="TrainerOptions.LengthBuckets"/> an epoch's last batch may hold fewer than B sequences.
    /// </summary>
    public TrainStepResult TrainStep()
    {
        var batch = Sampler.Next();
        Array.Clear(Gradients);
        var loss = pass.Forward(Weights, batch);
        pass.Backward(Gradients);
        var norm = GradientClipping.ClipByGlobalNorm(Gradients, Options.GradientClip);
        var lr = Schedule.At(Step);
        Optimizer.Update(Weights.Data, Gradients, lr, Step + 1);
        Step++;
        return new TrainStepResult(Step, loss, norm, lr, batch.BatchSize * batch.SequenceLength, batch.TrainedTokenCount);
    }

    /// <summary>
    /// Mean masked loss over <paramref name="data"/> (weighted by trained tokens), in batches of
    /// <see cref="TrainerOptions.BatchSize"/> sequences of similar length. Each position's loss depends only on its own
    /// sequence, so the grouping changes the result only by the order of a floating-point sum. Does not touch weights,
    /// gradients or the training data order.
    /// </summary>
    /// <param name="data">Held-out sequences.</param>
    public float Evaluate(IReadOnlyList<TrainingSequence> data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // A batch is as long as its longest row; in list order almost every batch held one near the context length, and
        // the evaluation every 100 steps took half of a lab recipe's wall time (docs/lab/side-by-side-comparison.md).
        var sorted = data.OrderBy(s => s.Tokens.Length).ToArray();
        double sum = 0;
        long count = 0;
        for (var i = 0; i < sorted.Length; i += Options.BatchSize)
        {
            var chunk = sorted.AsSpan(i, Math.Min(Options.BatchSize, sorted.Length - i)).ToArray();
            var batch = BatchSampler.Build(chunk, pass.MaxSeq);
            var trained = batch.TrainedTokenCount;
            if (trained == 0)
            {
                continue;
            }

            sum += (double)pass.Forward(Weights, batch) * trained;
            count += trained;
        }

        return count == 0 ? float.NaN : (float)(sum / count);
    }

    /// <summary>Writes weights, moments, step and data position to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Checkpoint file.</param>
    public void SaveCheckpoint(string path) =>
        TrainingCheckpoint.Save(path, new TrainingCheckpointState(Config, Step, Sampler.Epoch, Sampler.Cursor, Options.Seed, Weights.Data, Optimizer.M, Optimizer.V));

    /// <summary>
    /// Restores weights, moments, step and data position from <paramref name="path"/>. Throws
    /// <see cref="InvalidDataException"/> for a truncated or corrupt file or a checkpoint of another model shape.
    /// </summary>
    /// <param name="path">Checkpoint file.</param>
    public void LoadCheckpoint(string path)
    {
        var state = TrainingCheckpoint.Load(path, Config);
        if (state.Seed != Options.Seed)
        {
            throw new InvalidDataException($"Checkpoint '{path}' was trained with seed {state.Seed}; this trainer uses seed {Options.Seed}.");
        }

        if (Options.LengthBuckets && state.Cursor % Options.BatchSize != 0)
        {
            // Bucketed batches start at multiples of B; another cursor means the checkpoint came from other options.
            throw new InvalidDataException($"Checkpoint '{path}' stopped at data position {state.Cursor}, which is not a batch boundary of this length-bucketed trainer (B = {Options.BatchSize}).");
        }

        state.Weights.CopyTo(Weights.Data, 0);
        state.FirstMoments.CopyTo(Optimizer.M, 0);
        state.SecondMoments.CopyTo(Optimizer.V, 0);
        Sampler.Restore(state.Epoch, state.Cursor);
        Step = state.Step;
    }
}
