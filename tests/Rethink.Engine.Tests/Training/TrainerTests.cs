using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Engine.Tests.Training;

public class TrainerTests
{
    private static readonly ModelConfig Config = new(VocabSize: 16, Dim: 32, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 48, ContextLength: 32);

    /// <summary>Toy "prompt -> answer" data: the answer (second half) reverses the prompt; only answer tokens are trained.</summary>
    internal static List<TrainingSequence> ReverseTask(int count, int seed)
    {
        var rng = new Random(seed);
        var data = new List<TrainingSequence>();
        for (var i = 0; i < count; i++)
        {
            var len = 3 + rng.Next(4);
            var prompt = Enumerable.Range(0, len).Select(_ => 2 + rng.Next(14)).ToArray();
            var tokens = new[] { 1 }.Concat(prompt).Append(0).Concat(prompt.Reverse()).ToArray();
            var trained = tokens.Select((_, j) => j > len + 1).ToArray();
            data.Add(new TrainingSequence(tokens, trained));
        }

        return data;
    }

    private static TrainerOptions Options(int steps) => new(BatchSize: 4, SequenceLength: 16, TotalSteps: steps, MaxLearningRate: 3e-3f, MinLearningRate: 3e-4f, WarmupSteps: 10, Seed: 42);

    [Fact]
    public void Tiny_model_overfits_a_tiny_dataset()
    {
        var data = ReverseTask(8, 1);
        var trainer = new Trainer(Config, Options(200), data);
        var first = trainer.TrainStep().Loss;
        TrainStepResult last = default;
        for (var i = 1; i < 200; i++)
        {
            last = trainer.TrainStep();
        }

        var eval = trainer.Evaluate(data);
        // Start is ~ln(16) = 2.77; memorising 8 sequences should drive the answer loss near zero.
        Assert.True(first > 2.3f, $"first loss {first}");
        Assert.True(eval < 0.1f, $"eval loss on the training set after 200 steps: {eval} (last step {last.Loss})");
    }

    // Evaluate groups sequences by length; the loss must not depend on how the held-out list is ordered, and must equal
    // the trained-token-weighted mean of per-sequence losses.
    [Fact]
    public void Evaluation_loss_does_not_depend_on_the_order_of_the_held_out_data()
    {
        var train = ReverseTask(16, 3);
        var trainer = new Trainer(Config, Options(20), train);
        for (var i = 0; i < 20; i++)
        {
            trainer.TrainStep();
        }

        var heldOut = ReverseTask(23, 4);
        var loss = trainer.Evaluate(heldOut);
        var rng = new Random(5);
        var shuffled = heldOut.OrderBy(_ => rng.Next()).ToList();
        Assert.Equal(loss, trainer.Evaluate(shuffled), 5);

        double sum = 0;
        long count = 0;
        foreach (var s in heldOut)
        {
            var trained = s.Trained!.Skip(1).Count(t => t);
            sum += trainer.Evaluate([s]) * (double)trained;
            count += trained;
        }

        Assert.Equal(sum / count, loss, 5);
        Assert.True(loss > 0.01f, $"loss {loss}: too small for the comparison to mean anything");
    }

    [Fact]
    public void Same_seed_gives_the_same_losses_and_weights_bit_for_bit()
    {
        var data = ReverseTask(12, 2);
        var a = new Trainer(Config, Options(30), data);
        var b = new Trainer(Config, Options(30), data);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(a.TrainStep().Loss), BitConverter.SingleToInt32Bits(b.TrainStep().Loss));
        }

        Assert.Equal(a.Weights.Data, b.Weights.Data);

        // Control: another seed gives different losses, so the comparison above can fail.
        var c = new Trainer(Config, Options(30) with { Seed = 43 }, data);
        Assert.NotEqual(new Trainer(Config, Options(30), data).TrainStep().Loss, c.TrainStep().Loss);
    }

    [Fact]
    public void Losses_do_not_depend_on_the_thread_count()
    {
        var data = ReverseTask(12, 6);
        var saved = Rethink.Engine.Kernels.EngineThreading.MaxThreads;
        try
        {
            Rethink.Engine.Kernels.EngineThreading.MaxThreads = 1;
            var single = new Trainer(Config, Options(8), data);
            var singleLosses = Enumerable.Range(0, 8).Select(_ => single.TrainStep().Loss).ToArray();
            Rethink.Engine.Kernels.EngineThreading.MaxThreads = 4;
            var multi = new Trainer(Config, Options(8), data);
            var multiLosses = Enumerable.Range(0, 8).Select(_ => multi.TrainStep().Loss).ToArray();
            Assert.Equal(singleLosses, multiLosses);
            Assert.Equal(single.Weights.Data, multi.Weights.Data);
        }
        finally
        {
            Rethink.Engine.Kernels.EngineThreading.MaxThreads = saved;
        }
    }

    [Fact]
    public void Resume_from_checkpoint_is_exact()
    {
        var data = ReverseTask(10, 3);
        var dir = Directory.CreateTempSubdirectory("rethink-ckpt-");
        try
        {
            var path = Path.Combine(dir.FullName, "run.ckpt");
            var straight = new Trainer(Config, Options(25), data);
            var straightLosses = Enumerable.Range(0, 25).Select(_ => straight.TrainStep().Loss).ToArray();

            var first = new Trainer(Config, Options(25), data);
            var resumedLosses = Enumerable.Range(0, 11).Select(_ => first.TrainStep().Loss).ToList();
            first.SaveCheckpoint(path);

            var second = new Trainer(Config, Options(25), data);
            second.LoadCheckpoint(path);
            Assert.Equal(11, second.Step);
            resumedLosses.AddRange(Enumerable.Range(0, 14).Select(_ => second.TrainStep().Loss));

            Assert.Equal(straightLosses, resumedLosses);
            Assert.Equal(straight.Weights.Data, second.Weights.Data);
            Assert.Equal(straight.Optimizer.M, second.Optimizer.M);
            Assert.Equal(straight.Optimizer.V, second.Optimizer.V);
            Assert.Empty(Directory.GetFiles(dir.FullName, "*.tmp"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Eval_loss_does_not_disturb_training()
    {
        var data = ReverseTask(10, 4);
        var heldOut = ReverseTask(5, 5);
        var a = new Trainer(Config, Options(10), data);
        var b = new Trainer(Config, Options(10), data);
        for (var i = 0; i < 10; i++)
        {
            if (i % 3 == 0)
            {
                Assert.True(float.IsFinite(a.Evaluate(heldOut)));
            }

            Assert.Equal(a.TrainStep().Loss, b.TrainStep().Loss);
        }
    }
}
