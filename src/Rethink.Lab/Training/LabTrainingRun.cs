using System.Diagnostics;
using Rethink.Engine.Gguf;
using Rethink.Engine.Model;
using Rethink.Engine.Tokenization;
using Rethink.Engine.Training;
using Rethink.Lab.Chat;

namespace Rethink.Lab.Training;

/// <summary>
/// Trains a lab model from a built data set: tokenizes every example with the lab chat template (only the reply is
/// trained), holds out 2% for an evaluation loss, trains with the engine's <see cref="Trainer"/>, checkpoints every
/// <c>checkpointEvery</c> steps (atomic; <c>resume</c> continues exactly from the last one) and writes the model as GGUF.
/// Cancellation saves a checkpoint first, so nothing trained is lost.
/// </summary>
public static class LabTrainingRun
{
    /// <summary>Runs the recipe; writes <c>{outputPath}</c> (GGUF) and <c>{outputPath}.ckpt</c> (checkpoint).</summary>
    public static LabTrainingResult Run(
        LabRecipe recipe,
        LabDataset dataset,
        string outputPath,
        bool resume,
        IProgress<LabTrainingProgress>? progress = null,
        int checkpointEvery = 100,
        CancellationToken cancellationToken = default,
        LlamaWeights? initialWeights = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(dataset);
        var template = new LabChatTemplate(new ByteTokenizer(vocabSize: recipe.Model.VocabSize));
        var encoded = dataset.Examples.Select(e => template.EncodeExample(e.Context, e.Target)).ToList();
        return Run(recipe, encoded, outputPath, resume, progress, checkpointEvery, cancellationToken, initialWeights);
    }

    /// <summary>
    /// Trains on sequences already encoded (<see cref="LabChatTemplate.EncodeExample"/> or
    /// <see cref="LabChatTemplate.EncodeConversation"/>) with the recipe's shape and trainer; sequences longer than the
    /// trainer's sequence length are dropped and counted in the result.
    /// </summary>
    public static LabTrainingResult Run(
        LabRecipe recipe,
        IReadOnlyList<LabTrainingExample> encoded,
        string outputPath,
        bool resume,
        IProgress<LabTrainingProgress>? progress = null,
        int checkpointEvery = 100,
        CancellationToken cancellationToken = default,
        LlamaWeights? initialWeights = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(outputPath);
        var tokenizer = new ByteTokenizer(vocabSize: recipe.Model.VocabSize);
        var all = new List<TrainingSequence>();
        var dropped = 0;
        foreach (var ex in encoded)
        {
            if (ex.Tokens.Length > recipe.Trainer.SequenceLength + 1)
            {
                dropped++;
                continue;
            }

            all.Add(new TrainingSequence(ex.Tokens, ex.Trained));
        }

        if (all.Count < 10)
        {
            throw new InvalidOperationException($"Only {all.Count} examples fit a sequence length of {recipe.Trainer.SequenceLength}; nothing to train.");
        }

        // Every 50th example is held out: deterministic and spread over families and strategies.
        var eval = all.Where((_, i) => i % 50 == 49).ToList();
        var train = all.Where((_, i) => i % 50 != 49).ToList();

        // Under 50 examples nothing is held out (a small data file): the "held-out" loss is then the training loss.
        if (eval.Count == 0)
        {
            eval = train;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var trainer = new Trainer(recipe.Model, recipe.Trainer, train);
        if (initialWeights is not null)
        {
            if (initialWeights.Config != recipe.Model)
            {
                throw new ArgumentException($"The base model's shape ({initialWeights.Config}) differs from recipe '{recipe.Name}' ({recipe.Model}).", nameof(initialWeights));
            }

            initialWeights.Data.CopyTo(trainer.Weights.Data, 0);
        }

        var checkpoint = outputPath + ".ckpt";
        if (resume && File.Exists(checkpoint))
        {
            trainer.LoadCheckpoint(checkpoint);
        }

        // Time already spent by earlier (interrupted) runs of this checkpoint, so the card reports the whole cost.
        var timeFile = checkpoint + ".seconds";
        var earlier = resume && File.Exists(timeFile) && double.TryParse(File.ReadAllText(timeFile), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        var clock = Stopwatch.StartNew();
        void SaveTime() => File.WriteAllText(timeFile, (earlier + clock.Elapsed.TotalSeconds).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var startStep = trainer.Step;
        long positions = 0;
        float? evalLoss = null;
        var recent = new Queue<float>();
        while (trainer.Step < recipe.Trainer.TotalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                trainer.SaveCheckpoint(checkpoint);
                SaveTime();
                cancellationToken.ThrowIfCancellationRequested();
            }

            var r = trainer.TrainStep();
            positions += r.Tokens;
            recent.Enqueue(r.Loss);
            if (recent.Count > 20)
            {
                recent.Dequeue();
            }

            if (trainer.Step % checkpointEvery == 0 || trainer.Step == recipe.Trainer.TotalSteps)
            {
                evalLoss = trainer.Evaluate(eval);
                trainer.SaveCheckpoint(checkpoint);
                SaveTime();
            }

            var done = trainer.Step - startStep;
            var perStep = clock.Elapsed / Math.Max(1, done);
            progress?.Report(new LabTrainingProgress(
                trainer.Step,
                recipe.Trainer.TotalSteps,
                r.Loss,
                evalLoss,
                positions / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
                clock.Elapsed,
                perStep * (recipe.Trainer.TotalSteps - trainer.Step)));
        }

        evalLoss ??= trainer.Evaluate(eval);
        var tmp = outputPath + ".tmp";
        LlamaGguf.Write(tmp, trainer.Weights, tokenizer, GgmlType.F32, "rethink-lab-" + recipe.Name);
        File.Move(tmp, outputPath, overwrite: true);
        return new LabTrainingResult(
            outputPath,
            trainer.Step,
            train.Count,
            dropped,
            trainer.Layout.TotalLength,
            recent.Count == 0 ? float.NaN : recent.Average(),
            evalLoss.Value,
            TimeSpan.FromSeconds(earlier) + clock.Elapsed,
            positions / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
    }
}
