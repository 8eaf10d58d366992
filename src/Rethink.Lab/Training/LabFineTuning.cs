using System.Globalization;
using Rethink.Core;
using Rethink.Engine.Gguf;
using Rethink.Engine.Training;
using Rethink.Engine.Tokenization;
using Rethink.Lab.Chat;
using Rethink.Lab.Evaluation;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// Continues a lab model on conversations from a data file (an export of Rethink.Data, or hand-written), with the loss
/// on every assistant reply a record marks, then scores it on the held-out card suite and writes its card. Refuses data
/// that holds a held-out question (the evaluation suites and the card suite must stay unseen), and counts the
/// conversations that do not fit the model's context instead of training on a cut one.
/// </summary>
public static class LabFineTuning
{
    /// <summary>
    /// The conversations whose user messages hold a held-out question of the lab (exact text), with the question. Pure
    /// apart from building the suites.
    /// </summary>
    public static IReadOnlyList<(int Index, string Question)> HeldOutOverlap(IReadOnlyList<LabConversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var heldOut = LabEvaluation.HeldOutQuestions();
        var found = new List<(int, string)>();
        for (var i = 0; i < conversations.Count; i++)
        {
            if (conversations[i].Messages.FirstOrDefault(m => m.Role == MessageRoles.User && heldOut.Contains(m.Text.Trim())) is { } hit)
            {
                found.Add((i, hit.Text.Trim()));
            }
        }

        return found;
    }

    /// <summary>
    /// Trains and scores. Throws <see cref="InvalidDataException"/> when the data holds held-out questions or nothing
    /// fits the context (the message says how many and which), <see cref="OperationCanceledException"/> when
    /// cancelled (a checkpoint is saved).
    /// </summary>
    public static async Task<LabTrainingOutcome> RunAsync(LabFineTuneRequest request, IStrategy direct, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(direct);
        var log = request.Log ?? (_ => { });
        if (request.Conversations.Count == 0)
        {
            throw new InvalidDataException("the data holds no conversation to train on");
        }

        var overlap = HeldOutOverlap(request.Conversations);
        if (overlap.Count > 0)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{overlap.Count} conversation(s) hold a held-out lab question (the evaluation suites and the card suite must stay unseen), e.g. record {overlap[0].Index + 1}: '{overlap[0].Question}'"));
        }

        var weights = LlamaGguf.ReadWeights(GgufFile.Open(request.BaseModelPath));
        var config = weights.Config;
        var template = new LabChatTemplate(new ByteTokenizer(vocabSize: config.VocabSize));
        var encoded = request.Conversations.Select(c => template.EncodeConversation(c.Messages, c.Trained)).ToList();
        var sequence = Math.Min(1024, config.ContextLength);
        var fitting = encoded.Count(e => e.Tokens.Length <= sequence + 1);
        if (fitting < 10)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"only {fitting} of {encoded.Count} conversation(s) fit the model's context of {sequence} tokens; nothing to train"));
        }

        var name = Path.GetFileNameWithoutExtension(request.OutputPath);
        var trained = request.Conversations.Sum(c => c.Trained.Count(t => t));
        var description = string.Create(CultureInfo.InvariantCulture, $"continues {Path.GetFileName(request.BaseModelPath)} on {request.DataDescription}: {request.Conversations.Count} conversation(s), {trained} trained repl(ies)");
        var recipe = new LabRecipe(
            name,
            description,
            config,
            new TrainerOptions(
                BatchSize: request.BatchSize,
                SequenceLength: sequence,
                TotalSteps: request.Steps,
                MaxLearningRate: request.MaxLearningRate,
                MinLearningRate: request.MaxLearningRate / 10,
                WarmupSteps: Math.Min(60, Math.Max(1, request.Steps / 10)),
                Seed: request.Seed,
                LengthBuckets: true),
            new LabDataRecipe { Cells = LabRecipes.TrainingCells });
        log(string.Create(CultureInfo.InvariantCulture, $"continuing {request.BaseModelPath} on {fitting} of {encoded.Count} conversation(s) ({encoded.Count - fitting} too long for the context), {request.Steps} steps"));
        var result = LabTrainingRun.Run(recipe, encoded, request.OutputPath, request.Resume, request.Progress, cancellationToken: cancellationToken, initialWeights: weights);

        log("scoring on the held-out card suite...");
        using var model = LabModel.Load(result.ModelPath);
        var score = await LabCardSuite.ScoreAsync(model, direct, cancellationToken).ConfigureAwait(false);
        var card = new LabModelCard
        {
            Recipe = name,
            Description = description,
            Command = request.Command,
            Seed = request.Seed,
            Shape = string.Create(CultureInfo.InvariantCulture, $"dim {config.Dim}, {config.Layers} layers, {config.Heads} heads ({config.KvHeads} kv), hidden {config.HiddenDim}, context {config.ContextLength}, vocab {config.VocabSize}"),
            Parameters = result.Parameters,
            Problems = request.Conversations.Count,
            Examples = result.Examples,
            ExamplesByKind = new SortedDictionary<string, int>(StringComparer.Ordinal)
            {
                ["conversations"] = request.Conversations.Count,
                ["trained_replies"] = trained,
                ["too_long"] = result.DroppedTooLong,
            },
            CorrectionMix = "as in the data file",
            BaseModel = Path.GetFileName(request.BaseModelPath),
            Steps = result.Steps,
            TrainingSeconds = Math.Round(result.TrainingTime.TotalSeconds, 1),
            TokensPerSecond = Math.Round(result.TokensPerSecond),
            FinalLoss = Math.Round(result.FinalLoss, 5),
            EvalLoss = Math.Round(result.EvalLoss, 5),
            Machine = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"),
            DirectAccuracy = Math.Round(score.Accuracy, 4),
            AccuracyByFamily = score.ByFamily.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
            SuiteDescription = LabCardSuite.Description,
            Floor = Math.Max(0, Math.Floor((score.Accuracy - 0.05) * 100) / 100),
        };
        var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.OutputPath))!, name);
        card.Write(stem);
        return new LabTrainingOutcome(card, stem);
    }
}
