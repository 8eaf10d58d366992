using Rethink.Engine.Checkpoints;
using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Engine.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private static readonly ModelConfig Config = new(VocabSize: 16, Dim: 16, Layers: 1, Heads: 2, KvHeads: 1, HiddenDim: 24, ContextLength: 16);
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("rethink-ckpt-");

    public void Dispose() => dir.Delete(recursive: true);

    private string SavedCheckpoint()
    {
        var trainer = new Trainer(Config, new TrainerOptions(BatchSize: 2, SequenceLength: 8, TotalSteps: 3, Seed: 5), TrainerTests.ReverseTask(4, 1));
        trainer.TrainStep();
        var path = Path.Combine(dir.FullName, "a.ckpt");
        trainer.SaveCheckpoint(path);
        return path;
    }

    [Fact]
    public void Round_trips_everything()
    {
        var path = SavedCheckpoint();
        var s = TrainingCheckpoint.Load(path, Config);
        Assert.Equal(Config, s.Config);
        Assert.Equal(1, s.Step);
        Assert.Equal(5, s.Seed);
        Assert.Equal(2, s.Cursor);
    }

    [Fact]
    public void Truncated_file_is_rejected_with_the_file_name_and_expected_size()
    {
        var path = SavedCheckpoint();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, Config));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {bytes.Length} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flipped_byte_is_reported_as_corrupt()
    {
        var path = SavedCheckpoint();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, Config));
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_file_and_other_config_are_rejected()
    {
        var path = SavedCheckpoint();
        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, Config with { Layers = 2 }));
        Assert.Contains("different model", e.Message, StringComparison.Ordinal);

        var junk = Path.Combine(dir.FullName, "junk.ckpt");
        File.WriteAllBytes(junk, new byte[200]);
        Assert.Contains("not a Rethink training checkpoint", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(junk, Config)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_replaces_an_existing_file_atomically()
    {
        var path = SavedCheckpoint();
        var again = SavedCheckpoint();
        Assert.Equal(path, again);
        Assert.Single(dir.GetFiles());
        Assert.Equal(1, TrainingCheckpoint.Load(path, Config).Step);
    }
}
