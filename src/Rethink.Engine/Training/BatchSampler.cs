namespace Rethink.Engine.Training;

/// <summary>
/// Deterministic mini-batches from a list of sequences: each epoch visits every sequence once in an order shuffled by
/// (seed, epoch); batches take the next B sequences, right-padded to the longest (capped at T). Sequences longer than
/// T + 1 tokens are truncated to their first T + 1. No packing. The whole state is (<see cref="Epoch"/>,
/// <see cref="Cursor"/>), so a checkpoint resumes the exact data order. Not thread-safe.
/// </summary>
/// <remarks>
/// With length buckets (<see cref="BucketBatches"/> &gt; 0) an epoch's order is built as: shuffle by (seed, epoch); cut
/// into windows of <see cref="BucketBatches"/> * B sequences; sort each window by (truncated) length, ties by shuffled
/// position; cut each window into batches of B; shuffle the full batches by (seed, epoch) and put the one short batch
/// (when the data count is not a multiple of B) last. Batches then hold sequences of similar length, so little of the
/// padded [B, T] is padding, while the batch order stays random. In this mode a batch never crosses an epoch: the
/// epoch's last batch has count mod B sequences (when that is not 0). The order is still a pure function of (seed,
/// epoch), so (<see cref="Epoch"/>, <see cref="Cursor"/>) remains the whole state.
/// </remarks>
public sealed class BatchSampler
{
    // Separates the batch-order stream from the sequence-order stream of the same (seed, epoch).
    private const long BatchOrderSalt = 0x5DEECE66DL;

    private readonly IReadOnlyList<TrainingSequence> data;
    private int[] order = [];
    private long orderEpoch = -1;

    /// <summary>Creates a sampler positioned at the start of epoch 0.</summary>
    /// <param name="data">Training sequences; not copied, must not change while sampling.</param>
    /// <param name="batchSize">B.</param>
    /// <param name="maxSequenceLength">T, the most positions per row.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <param name="bucketBatches">
    /// 0 (default) for plain shuffled batches; otherwise the window, in batches, within which sequences are sorted by
    /// length (see remarks; <see cref="DefaultBucketBatches"/> is a good value).
    /// </param>
    public BatchSampler(IReadOnlyList<TrainingSequence> data, int batchSize, int maxSequenceLength, long seed, int bucketBatches = 0)
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
        ArgumentOutOfRangeException.ThrowIfNegative(bucketBatches);
        BucketBatches = bucketBatches;
    }

    /// <summary>
    /// The bucket window used by <see cref="TrainerOptions.LengthBuckets"/>: 64 batches. Large enough that sorted
    /// neighbours have close lengths, small enough that one window still mixes data from all over the shuffled epoch.
    /// </summary>
    public const int DefaultBucketBatches = 64;

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>T.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Shuffle seed.</summary>
    public long Seed { get; }

    /// <summary>Length-bucket window in batches; 0 when bucketing is off.</summary>
    public int BucketBatches { get; }

    /// <summary>Current epoch (0-based).</summary>
    public long Epoch { get; private set; }

    /// <summary>Index of the next sequence within the current epoch's order.</summary>
    public int Cursor { get; private set; }

    /// <summary>Repositions the sampler (checkpoint restore).</summary>
    /// <param name="epoch">Epoch.</param>
    /// <param name="cursor">
    /// Position within the epoch, in [0, data count); with length buckets also a batch boundary (a multiple of B),
    /// which every position this sampler reaches is.
    /// </param>
    public void Restore(long epoch, int cursor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)cursor >= (uint)data.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor, $"Cursor must be in [0, {data.Count}).");
        }

        if (BucketBatches > 0 && cursor % BatchSize != 0)
        {
            // Bucketed batches start at multiples of B; any other cursor comes from a run with other options.
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor, $"With length buckets the cursor must be a multiple of the batch size {BatchSize}.");
        }

        Epoch = epoch;
        Cursor = cursor;
    }

    /// <summary>
    /// Takes the next B sequences (crossing into the next epoch when needed; with length buckets, the next batch of the
    /// epoch, which may be short at the epoch's end) as a padded batch.
    /// </summary>
    public TrainingBatch Next()
    {
        if (BucketBatches > 0)
        {
            return NextBucketed();
        }

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

    private TrainingBatch NextBucketed()
    {
        if (orderEpoch != Epoch)
        {
            order = BucketedOrder(Epoch);
            orderEpoch = Epoch;
        }

        var picked = new TrainingSequence[Math.Min(BatchSize, data.Count - Cursor)];
        for (var i = 0; i < picked.Length; i++)
        {
            picked[i] = data[order[Cursor + i]];
        }

        Cursor += picked.Length;
        if (Cursor == data.Count)
        {
            Cursor = 0;
            Epoch++;
        }

        return Build(picked, MaxSequenceLength);
    }

    /// <summary>The epoch's sequence order with length buckets: consecutive runs of B indices are the batches.</summary>
    private int[] BucketedOrder(long epoch)
    {
        var count = data.Count;
        var shuffled = Shuffle(count, Seed, epoch);
        var lengths = new int[count]; // [count] truncated input length of shuffled[i]
        for (var i = 0; i < count; i++)
        {
            lengths[i] = Math.Min(MaxSequenceLength, Math.Max(0, data[shuffled[i]].Tokens.Length - 1));
        }

        // Sort each window by length; ties keep shuffled order (key includes the position) so the sort is total.
        var window = checked(BucketBatches * BatchSize);
        var sorted = new int[count];
        for (var start = 0; start < count; start += window)
        {
            var len = Math.Min(window, count - start);
            var positions = new int[len];
            var keys = new long[len];
            for (var i = 0; i < len; i++)
            {
                positions[i] = start + i;
                keys[i] = ((long)lengths[start + i] << 32) | (uint)(start + i);
            }

            Array.Sort(keys, positions);
            for (var i = 0; i < len; i++)
            {
                sorted[start + i] = shuffled[positions[i]];
            }
        }

        // Windows are multiples of B, so only the very last batch can be short; it stays last so every other batch
        // is full and starts at a multiple of B (what Restore checks).
        var fullBatches = count / BatchSize;
        var batchOrder = Shuffle(fullBatches, Seed ^ BatchOrderSalt, epoch);
        var result = new int[count];
        for (var i = 0; i < fullBatches; i++)
        {
            Array.Copy(sorted, batchOrder[i] * BatchSize, result, i * BatchSize, BatchSize);
        }

        Array.Copy(sorted, fullBatches * BatchSize, result, fullBatches * BatchSize, count - (fullBatches * BatchSize));
        return result;
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
