using System.Globalization;
using Rethink.Engine.Gguf;
using Rethink.Engine.Model;
using Rethink.Lab.Chat;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// A recipe from data to card: builds its training set by playing the strategies against the lab teacher (with a base
/// model's own answers opening a share of the conversations when the recipe continues one), trains with the built-in
/// engine (checkpoints; resumable), scores the model on the held-out card suite, and writes <c>lab-NAME.gguf</c>,
/// <c>lab-NAME.card.json</c> and <c>lab-NAME.md</c>. Deterministic for a recipe and seed.
/// </summary>
public static class LabTrainingPipeline
{
    /// <summary>
    /// Runs the whole recipe. Throws <see cref="FileNotFoundException"/> when the recipe continues a base model that is
    /// not in the folder (the message says which command trains it), and <see cref="OperationCanceledException"/> when
    /// cancelled, after a checkpoint was saved.
    /// </summary>
    public static async Task<LabTrainingOutcome> RunAsync(LabTrainingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recipe = request.Recipe;
        var log = request.Log ?? (_ => { });
        Directory.CreateDirectory(request.OutDirectory);
        var stem = Path.Combine(request.OutDirectory, "lab-" + recipe.Name);

        log($"building the '{recipe.Name}' training set (strategies played against the lab teacher)...");
        string? basePath = null;
        LlamaWeights? initial = null;
        if (recipe.BaseRecipe is { } baseRecipe)
        {
            basePath = Path.Combine(request.OutDirectory, "lab-" + baseRecipe + ".gguf");
            if (!File.Exists(basePath))
            {
                throw new FileNotFoundException(
                    $"recipe '{recipe.Name}' starts from the '{baseRecipe}' model, and {basePath} does not exist: train it first (rethink lab train --recipe {baseRecipe} --out {request.OutDirectory}).",
                    basePath);
            }

            initial = LlamaGguf.ReadWeights(GgufFile.Open(basePath));
            log($"starting from {basePath}; its own answers open {recipe.Data.StudentShare:P0} of the correction conversations");
        }

        LabDataset data;
        using (var student = basePath is null ? null : LabModel.Load(basePath))
        {
            var corrections = recipe.Data.CorrectionShare > 0 ? request.Corrections : [];
            data = await LabDataBuilder.BuildAsync(recipe.Data, request.Direct, corrections, student, cancellationToken).ConfigureAwait(false);
        }

        log(string.Create(CultureInfo.InvariantCulture, $"{data.Examples.Count:N0} examples from {data.Problems:N0} problems (corrections: {data.FlawedFirstAnswers:N0} from a flawed answer, {data.CorrectFirstAnswers:N0} from a correct one)")
            + (basePath is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; the base model's own first answers among them: {data.StudentWrong:N0} wrong, {data.StudentCorrect:N0} right")));

        var result = LabTrainingRun.Run(recipe, data, stem + ".gguf", request.Resume, request.Progress, cancellationToken: cancellationToken, initialWeights: initial);

        log("scoring on the held-out card suite...");
        using var model = LabModel.Load(result.ModelPath);
        var score = await LabCardSuite.ScoreAsync(model, request.Direct, cancellationToken).ConfigureAwait(false);
        var card = new LabModelCard
        {
            Recipe = recipe.Name,
            Description = recipe.Description,
            Command = request.Command,
            Seed = recipe.Trainer.Seed,
            Shape = string.Create(CultureInfo.InvariantCulture, $"dim {recipe.Model.Dim}, {recipe.Model.Layers} layers, {recipe.Model.Heads} heads ({recipe.Model.KvHeads} kv), hidden {recipe.Model.HiddenDim}, context {recipe.Model.ContextLength}, vocab {recipe.Model.VocabSize}"),
            Parameters = result.Parameters,
            Problems = data.Problems,
            Examples = result.Examples,
            ExamplesByKind = data.Counts,
            CorrectionMix = CorrectionMix(recipe, data),
            BaseModel = recipe.BaseRecipe is null ? null : "lab-" + recipe.BaseRecipe + ".gguf",
            Steps = result.Steps,
            TrainingSeconds = Math.Round(result.TrainingTime.TotalSeconds, 1),
            TokensPerSecond = Math.Round(result.TokensPerSecond),
            FinalLoss = Math.Round(result.FinalLoss, 5),
            EvalLoss = Math.Round(result.EvalLoss, 5),
            Machine = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"),
            DirectAccuracy = Math.Round(score.Accuracy, 4),
            AccuracyByFamily = score.ByFamily.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
            SuiteDescription = LabCardSuite.Description,

            // Greedy decoding is exact on one machine; a CPU without AVX-512 takes other kernels and may round a few
            // answers differently, hence the margin.
            Floor = Math.Max(0, Math.Floor((score.Accuracy - 0.05) * 100) / 100),
        };
        card.Write(stem);
        return new LabTrainingOutcome(card, stem);
    }

    private static string CorrectionMix(LabRecipe recipe, LabDataset data) =>
        string.Create(CultureInfo.InvariantCulture, $"{data.FlawedFirstAnswers} flawed first answers, {data.CorrectFirstAnswers} correct first answers")
        + (recipe.BaseRecipe is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; of them the '{recipe.BaseRecipe}' model's own answers: {data.StudentWrong} wrong, {data.StudentCorrect} right ({StudentSampling(recipe.Data)})"))
        + recipe.Data.CritiqueReview switch
        {
            null => string.Empty,
            ReviewStyle.QuoteFirst => "; critiques quote each step, then re-check it column by column before the verdict",
            ReviewStyle.QuoteEveryStep => "; critiques quote each step, then re-check it column by column before the verdict, also past the first wrong step",
            ReviewStyle.CompareSideBySide => "; critiques quote each step, re-check it column by column, then write the recomputed value and the claim side by side before the verdict, also past the first wrong step",
            _ => "; critiques re-check every step column by column before the verdict",
        }
        + (recipe.Data.CopyDrillShare > 0 ? string.Create(CultureInfo.InvariantCulture, $"; copy drills on {recipe.Data.CopyDrillShare:P0} of the problems") : string.Empty)
        + (recipe.Data.WorkedStepShare > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {recipe.Data.WorkedStepShare:P0} of the steps worked out by the family's second route (arith: column by column)") : string.Empty)
        + (recipe.Data.RevisionWorkedStepShare is { } revised ? string.Create(CultureInfo.InvariantCulture, $"; in answers after the first, {revised:P0} of the steps worked out") : string.Empty);

    private static string StudentSampling(LabDataRecipe data) => data.StudentGreedyShare switch
    {
        <= 0 => string.Create(CultureInfo.InvariantCulture, $"temperature {data.StudentTemperature}"),
        >= 1 => "greedy",
        _ => string.Create(CultureInfo.InvariantCulture, $"{data.StudentGreedyShare:P0} greedy, the rest at temperature {data.StudentTemperature}"),
    };
}
