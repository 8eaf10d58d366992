namespace Rethink.Engine.Training;

/// <summary>
/// Deterministic mini-batches from a list of sequences: each epoch visits every sequence once in an order shuffled by
/// (seed, epoch); batches take the next B sequences, right-padded to the longest (capped at T). Sequences longer than
/// T + 1 tokens are truncated to their first T + 1. No packing. The whole state is (<see cref="Epoch"/>,
/// <see cref="Cursor"/>), so a checkpoint resumes the exact data order. Not thread-safe.
/// </summary>
public sealed class BatchSampler
{
    private readonly IReadOnlyList<TrainingSequence> data;
    private int[] order = [];
    private long orderEpoch = -1;

    /// <summary>Creates a sampler positioned at the start of epoch 0.</summary>
    /// <param name="data">Training sequences; not copied, must not change while sampling.</param>
    /// <param name="batchSize">B.</param>
    /// <param name="maxSequenceLength">T, the most positions per row.</param>
    /// <param name="seed">Shuffle seed.</param>
    public BatchSampler(IReadOnlyList<TrainingSequence> data, int batchSize, int maxSequenceLength, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("Training data is empty.", nameof(data));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSequenceLength);
        this.data = data;
        BatchSize = batchSize;
        MaxSequenceLength = maxSequenceLength;
        Seed = seed;
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>T.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Shuffle seed.</summary>
    public long Seed { get; }

    /// <summary>Current epoch (0-based).</summary>
    public long Epoch { get; private set; }

    /// <summary>Index of the next sequence within the current epoch's order.</summary>
    public int Cursor { get; private set; }

    /// <summary>Repositions the sampler (checkpoint restore).</summary>
    /// <param name="epoch">Epoch.</param>
    /// <param name="cursor">Position within the epoch, in [0, data count).</param>
    public void Restore(long epoch, int cursor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)cursor >= (uint)data.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor, $"Cursor must be in [0, {data.Count}).");
        }

        Epoch = epoch;
        Cursor = cursor;
    }

    /// <summary>Takes the next B sequences (crossing into the next epoch when needed) as a padded batch.</summary>
    public TrainingBatch Next()
    {
        var picked = new TrainingSequence[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            if (orderEpoch != Epoch)
            {
                order = Shuffle(data.Count, Seed, Epoch);
                orderEpoch = Epoch;
            }

            picked[i] = data[order[Cursor]];
            if (++Cursor == data.Count)
            {
                Cursor = 0;
                Epoch++;
            }
        }

        return Build(picked, MaxSequenceLength);
    }

    /// <summary>
    /// Packs sequences into one right-padded batch: row t of sequence b has input token t, target t+1 and mask
    /// Trained[t+1]; positions past a sequence's end are masked padding (token 0).
    /// </summary>
    /// <param name="sequences">B sequences.</param>
    /// <param name="maxSequenceLength">Cap on T.</param>
    public static TrainingBatch Build(IReadOnlyList<TrainingSequence> sequences, int maxSequenceLength)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var seq = 1;
        foreach (var s in sequences)
        {
            seq = Math.Max(seq, Math.Min(maxSequenceLength, s.Tokens.Length - 1));
        }

        var batch = new TrainingBatch(sequences.Count, seq);
        for (var b = 0; b < sequences.Count; b++)
        {
            var s = sequences[b];
            if (s.Trained is { } m && m.Length != s.Tokens.Length)
            {
                throw new ArgumentException($"Sequence {b}: mask length {m.Length} differs from token count {s.Tokens.Length}.", nameof(sequences));
            }

            var n = Math.Min(seq, s.Tokens.Length - 1);
            for (var t = 0; t < n; t++)
            {
                var r = (b * seq) + t;
                batch.Tokens[r] = s.Tokens[t];
                batch.Targets[r] = s.Tokens[t + 1];
                batch.LossMask[r] = s.Trained?[t + 1] ?? true;
            }
        }

        return batch;
    }

    private static int[] Shuffle(int count, long seed, long epoch)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        // SplitMix64: a tiny generator whose output is fixed by (seed, epoch) on every runtime, unlike System.Random.
        var state = (ulong)seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1));
        for (var i = count - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var j = (int)(z % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
