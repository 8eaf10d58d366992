namespace Rethink.Engine.Training;

/// <summary>
/// One mini-batch of B right-padded sequences of length T. Row r = b * T + t holds the input token at position t of
/// sequence b, the token that should follow it, and whether that prediction counts in the loss. Padding rows have
/// <see cref="LossMask"/> false; because attention is causal, right padding never influences real positions, so no
/// attention mask is needed. Mutable buffers; not thread-safe.
/// </summary>
public sealed class TrainingBatch
{
    /// <summary>Allocates a zeroed batch (all rows masked out).</summary>
    /// <param name="batchSize">B, number of sequences.</param>
    /// <param name="sequenceLength">T, positions per sequence.</param>
    public TrainingBatch(int batchSize, int sequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        Tokens = new int[batchSize * sequenceLength];
        Targets = new int[batchSize * sequenceLength];
        LossMask = new bool[batchSize * sequenceLength];
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>T.</summary>
    public int SequenceLength { get; }

    /// <summary>Input token ids. [B, T]</summary>
    public int[] Tokens { get; }

    /// <summary>Next-token targets. [B, T]</summary>
    public int[] Targets { get; }

    /// <summary>True where the target is trained (e.g. assistant tokens); padding is false. [B, T]</summary>
    public bool[] LossMask { get; }

    /// <summary>Number of rows whose loss counts.</summary>
    public int TrainedTokenCount => LossMask.Count(m => m);
}
