using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Engine.Tests.Training;

public class BatchSamplerTests
{
    /// <summary>
    /// Sequence i is i repeated, so a batch row names its sequence by its first token; lengths are skewed like chat data
    /// (most short, a few long) so bucketing has padding to remove.
    /// </summary>
    private static List<TrainingSequence> Numbered(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new TrainingSequence(Enumerable.Repeat(i, rng.Next(10) == 0 ? 2 + rng.Next(60) : 2 + rng.Next(8)).ToArray()))
            .ToList();
    }

    private static int[] Ids(TrainingBatch b) => Enumerable.Range(0, b.BatchSize).Select(r => b.Tokens[r * b.SequenceLength]).ToArray();

    [Theory]
    [InlineData(203, 4, 3)] // count not a multiple of B: one short batch per epoch
    [InlineData(96, 8, 2)]  // count a multiple of B and of the window
    [InlineData(5, 8, 64)]  // fewer sequences than one batch
    public void Bucketing_visits_every_sequence_exactly_once_per_epoch(int count, int batchSize, int window)
    {
        var data = Numbered(count, 1);
        var sampler = new BatchSampler(data, batchSize, 40, seed: 7, bucketBatches: window);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(epoch, sampler.Epoch);
            var seen = new List<int>();
            do
            {
                var batch = sampler.Next();
                var ids = Ids(batch);
                // Every batch is full except the epoch's last one, which holds the remainder.
                Assert.Equal(sampler.Cursor == 0 && count % batchSize != 0 ? count % batchSize : batchSize, ids.Length);
                seen.AddRange(ids);
            }
            while (sampler.Cursor != 0);

            Assert.Equal(Enumerable.Range(0, count), seen.Order());
        }
    }

    [Fact]
    public void Bucketing_is_deterministic_per_seed_and_differs_across_seeds_and_epochs()
    {
        var data = Numbered(300, 2);
        List<int[]> Run(long seed)
        {
            var s = new BatchSampler(data, 4, 40, seed, bucketBatches: 5);
            return Enumerable.Range(0, 150).Select(_ => Ids(s.Next())).ToList(); // two epochs of 75 batches
        }

        var a = Run(3);
        Assert.Equal(a, Run(3));
        Assert.NotEqual(a, Run(4));
        Assert.NotEqual(a.Take(75), a.Skip(75));
    }

    [Fact]
    public void Bucketing_cuts_padding()
    {
        var data = Numbered(2000, 3);
        double Fill(int window)
        {
            var s = new BatchSampler(data, 8, 64, seed: 1, bucketBatches: window);
            long real = 0, padded = 0;
            for (var i = 0; i < 250; i++)
            {
                var b = s.Next();
                real += b.TrainedTokenCount; // no masks: every real position is trained
                padded += b.BatchSize * b.SequenceLength;
            }

            return (double)real / padded;
        }

        var plain = Fill(0);
        var bucketed = Fill(16);
        // Measured: plain 0.319, bucketed 0.796 (real positions / padded positions).
        Assert.True(plain < 0.4, $"plain fill {plain:F3}");
        Assert.True(bucketed > 0.7, $"bucketed fill {bucketed:F3} (plain {plain:F3})");
    }

    [Fact]
    public void Bucketed_batches_are_sorted_runs_of_one_shuffled_window()
    {
        // Window of 2 batches of 4: each batch's members lie in one window of the epoch's shuffle, so within a window
        // the shorter batch's longest sequence is no longer than the longer batch's shortest.
        var data = Numbered(64, 4);
        var s = new BatchSampler(data, 4, 100, seed: 5, bucketBatches: 2);
        var plain = new BatchSampler(data, 4, 100, seed: 5);
        var shuffled = Enumerable.Range(0, 16).SelectMany(_ => Ids(plain.Next())).ToArray(); // epoch 0's shuffle
        var windowOf = new int[64];
        for (var i = 0; i < 64; i++)
        {
            windowOf[shuffled[i]] = i / 8;
        }

        var batches = Enumerable.Range(0, 16).Select(_ => Ids(s.Next())).ToArray();
        foreach (var w in Enumerable.Range(0, 8))
        {
            var pair = batches.Where(b => windowOf[b[0]] == w).ToArray();
            Assert.Equal(2, pair.Length);
            Assert.All(pair, b => Assert.All(b, id => Assert.Equal(w, windowOf[id])));
            var lengths = pair.Select(b => b.Select(id => data[id].Tokens.Length).ToArray()).OrderBy(l => l.Max()).ToArray();
            Assert.True(lengths[0].Max() <= lengths[1].Min());
        }
    }

    [Fact]
    public void Bucketed_sampler_resumes_exactly_mid_epoch_and_across_epochs()
    {
        var data = Numbered(103, 5);
        var straight = new BatchSampler(data, 4, 40, seed: 9, bucketBatches: 3);
        var all = Enumerable.Range(0, 70).Select(_ => straight.Next()).ToList(); // 26 batches per epoch: crosses two ends
        foreach (var stop in new[] { 1, 13, 25, 26, 40 })
        {
            var first = new BatchSampler(data, 4, 40, seed: 9, bucketBatches: 3);
            for (var i = 0; i < stop; i++)
            {
                first.Next();
            }

            var resumed = new BatchSampler(data, 4, 40, seed: 9, bucketBatches: 3);
            resumed.Restore(first.Epoch, first.Cursor);
            for (var i = stop; i < 70; i++)
            {
                var b = resumed.Next();
                Assert.Equal(all[i].Tokens, b.Tokens);
                Assert.Equal(all[i].SequenceLength, b.SequenceLength);
            }
        }

        var other = new BatchSampler(data, 4, 40, seed: 9, bucketBatches: 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => other.Restore(0, 6));
    }

    [Fact]
    public void Trainer_with_length_buckets_resumes_bit_exactly_and_rejects_a_misaligned_checkpoint()
    {
        var config = new ModelConfig(VocabSize: 16, Dim: 32, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 48, ContextLength: 32);
        var options = new TrainerOptions(BatchSize: 4, SequenceLength: 16, TotalSteps: 12, WarmupSteps: 2, Seed: 42, LengthBuckets: true);
        var data = TrainerTests.ReverseTask(10, 3); // 3 batches per epoch (4, 4, 2)
        var dir = Directory.CreateTempSubdirectory("rethink-bucket-");
        try
        {
            var path = Path.Combine(dir.FullName, "run.ckpt");
            var straight = new Trainer(config, options, data);
            var straightResults = Enumerable.Range(0, 12).Select(_ => straight.TrainStep()).ToArray();
            Assert.Equal((4L, 0), (straight.Sampler.Epoch, straight.Sampler.Cursor)); // 12 steps = 4 epochs of 3 batches

            var first = new Trainer(config, options, data);
            var losses = Enumerable.Range(0, 4).Select(_ => first.TrainStep().Loss).ToList(); // epoch 1, mid-epoch
            first.SaveCheckpoint(path);
            var second = new Trainer(config, options, data);
            second.LoadCheckpoint(path);
            losses.AddRange(Enumerable.Range(0, 8).Select(_ => second.TrainStep().Loss));
            Assert.Equal(straightResults.Select(r => r.Loss), losses);
            Assert.Equal(straight.Weights.Data, second.Weights.Data);

            // A plain run stopped at cursor 6 (mid "batch" for B = 4 buckets) cannot be resumed with buckets.
            var plain = new Trainer(config, new TrainerOptions(BatchSize: 3, SequenceLength: 16, TotalSteps: 12, Seed: 42), data);
            plain.TrainStep();
            plain.TrainStep();
            plain.SaveCheckpoint(path);
            Assert.Throws<InvalidDataException>(() => new Trainer(config, options, data).LoadCheckpoint(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
