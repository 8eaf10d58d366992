using System.CommandLine;
using System.Globalization;
using Rethink.Core;
using Rethink.Engine.Gguf;
using Rethink.Engine.Model;
using Rethink.Lab.Chat;
using Rethink.Lab.Training;
using Rethink.Strategies;

namespace Rethink.Cli.Commands;

/// <summary>
/// <c>rethink lab train --recipe NAME</c>: builds the recipe's training set by running the real strategies against the
/// lab teacher, trains the lab model with the built-in engine (progress: step, loss, held-out loss, positions/s, ETA),
/// scores it on the held-out card suite and writes <c>lab-NAME.gguf</c>, <c>lab-NAME.card.json</c> and <c>lab-NAME.md</c>.
/// Interrupted runs resume from the last checkpoint with <c>--resume</c>.
/// </summary>
internal sealed class LabCommand
{
    /// <summary>The correction strategies whose conversations the <c>critique</c> recipe learns.</summary>
    public static readonly IReadOnlyList<string> CorrectionStrategies = ["reask", "critique-revise", "self-refine", "verify-refine"];

    private readonly CliContext _context;
    private readonly Option<string> _recipe = new("--recipe", "-r")
    {
        Description = "The recipe. Shipped (the models in models/): " + Describe(LabRecipes.Shipped)
            + ". Experiments, not shipped (their results are in docs/lab/), and the smoke test: " + Describe(LabExperiments.All) + ".",
        Required = true,
    };

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = "Directory for the model, its checkpoint and its card.",
        DefaultValueFactory = _ => "models",
        HelpName = "dir",
    };

    private readonly Option<bool> _resume = new("--resume") { Description = "Continue from the checkpoint left by an interrupted run of the same recipe." };

    private readonly Option<int?> _seed = new("--seed")
    {
        Description = "The trainer's seed (weight initialisation, batch order) instead of the recipe's, for replicates. The training data stay the recipe's, so the evaluation suites still exclude every trained question.",
        HelpName = "n",
    };

    public LabCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var train = new Command("train", "Train a lab model from a recipe with the built-in engine, score it and write its card.")
        {
            _recipe, _out, _resume, _seed,
        };
        train.SetAction(TrainAsync);
        return new Command("lab", "The lab: synthetic verifiable tasks and the small models trained on them.") { train };
    }

    private async Task<int> TrainAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        LabRecipe recipe;
        try
        {
            recipe = LabRecipes.Get(parse.GetRequiredValue(_recipe));
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }

        var seed = parse.GetValue(_seed);
        if (seed is { } s)
        {
            recipe = recipe with { Trainer = recipe.Trainer with { Seed = s } };
        }

        // Repeated in the card and in the resume hint, so that either reproduces this run.
        var command = $"rethink lab train --recipe {recipe.Name}" + (seed is { } t ? string.Create(CultureInfo.InvariantCulture, $" --seed {t}") : string.Empty);
        var dir = _context.Host.ResolvePath(parse.GetRequiredValue(_out));
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, "lab-" + recipe.Name);
        var err = _context.Error;

        err.WriteLine($"rethink: building the '{recipe.Name}' training set (strategies played against the lab teacher)...");
        var corrections = recipe.Data.CorrectionShare > 0 ? StrategyFactory.Create(CorrectionStrategies, StrategyFactory.WithDefaults(CorrectionStrategies, new Dictionary<string, string>(), LabRecipes.StrategyDefaults)) : [];
        string? basePath = null;
        LlamaWeights? initial = null;
        if (recipe.BaseRecipe is { } baseRecipe)
        {
            basePath = Path.Combine(dir, "lab-" + baseRecipe + ".gguf");
            if (!File.Exists(basePath))
            {
                throw CliException.Usage($"recipe '{recipe.Name}' starts from the '{baseRecipe}' model, and {basePath} does not exist: train it first (rethink lab train --recipe {baseRecipe} --out {dir}).");
            }

            initial = LlamaGguf.ReadWeights(GgufFile.Open(basePath));
            err.WriteLine($"rethink: starting from {basePath}; its own answers open {recipe.Data.StudentShare:P0} of the correction conversations");
        }

        LabDataset data;
        using (var student = basePath is null ? null : LabModel.Load(basePath))
        {
            data = await LabDataBuilder.BuildAsync(recipe.Data, StrategyCatalog.Create("direct"), corrections, student, cancellationToken).ConfigureAwait(false);
        }

        err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rethink: {data.Examples.Count:N0} examples from {data.Problems:N0} problems (corrections: {data.FlawedFirstAnswers:N0} from a flawed answer, {data.CorrectFirstAnswers:N0} from a correct one)")
            + (basePath is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; the base model's own first answers among them: {data.StudentWrong:N0} wrong, {data.StudentCorrect:N0} right")));

        var last = DateTime.MinValue;
        var progress = new SynchronousProgress<LabTrainingProgress>(p =>
        {
            var now = DateTime.UtcNow;
            if (now - last < _context.Host.ProgressInterval && p.Step != p.TotalSteps)
            {
                return;
            }

            last = now;
            var eval = p.EvalLoss is { } e ? e.ToString("F4", CultureInfo.InvariantCulture) : "-";
            err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rethink: step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} eval {eval} {p.TokensPerSecond:N0} pos/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.Remaining:hh\\:mm\\:ss}"));
        });

        LabTrainingResult result;
        try
        {
            result = LabTrainingRun.Run(recipe, data, stem + ".gguf", parse.GetValue(_resume), progress, cancellationToken: cancellationToken, initialWeights: initial);
        }
        catch (OperationCanceledException)
        {
            _context.WriteHint($"training interrupted; a checkpoint was saved. Resume with: {command} --resume");
            return ExitCodes.Incomplete;
        }

        err.WriteLine("rethink: scoring on the held-out card suite...");
        using var model = LabModel.Load(result.ModelPath);
        var score = await LabCardSuite.ScoreAsync(model, StrategyCatalog.Create("direct"), cancellationToken).ConfigureAwait(false);
        var card = new LabModelCard
        {
            Recipe = recipe.Name,
            Description = recipe.Description,
            Command = command,
            Seed = recipe.Trainer.Seed,
            Shape = string.Create(CultureInfo.InvariantCulture, $"dim {recipe.Model.Dim}, {recipe.Model.Layers} layers, {recipe.Model.Heads} heads ({recipe.Model.KvHeads} kv), hidden {recipe.Model.HiddenDim}, context {recipe.Model.ContextLength}, vocab {recipe.Model.VocabSize}"),
            Parameters = result.Parameters,
            Problems = data.Problems,
            Examples = result.Examples,
            ExamplesByKind = data.Counts,
            CorrectionMix = string.Create(CultureInfo.InvariantCulture, $"{data.FlawedFirstAnswers} flawed first answers, {data.CorrectFirstAnswers} correct first answers")
                + (recipe.BaseRecipe is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; of them the '{recipe.BaseRecipe}' model's own answers: {data.StudentWrong} wrong, {data.StudentCorrect} right ({StudentSampling(recipe.Data)})"))
                + recipe.Data.CritiqueReview switch
                {
                    null => string.Empty,
                    Rethink.Lab.Tasks.ReviewStyle.QuoteFirst => "; critiques quote each step, then re-check it column by column before the verdict",
                    Rethink.Lab.Tasks.ReviewStyle.QuoteEveryStep => "; critiques quote each step, then re-check it column by column before the verdict, also past the first wrong step",
                    Rethink.Lab.Tasks.ReviewStyle.CompareSideBySide => "; critiques quote each step, re-check it column by column, then write the recomputed value and the claim side by side before the verdict, also past the first wrong step",
                    _ => "; critiques re-check every step column by column before the verdict",
                }
                + (recipe.Data.CopyDrillShare > 0 ? string.Create(CultureInfo.InvariantCulture, $"; copy drills on {recipe.Data.CopyDrillShare:P0} of the problems") : string.Empty)
                + (recipe.Data.WorkedStepShare > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {recipe.Data.WorkedStepShare:P0} of the steps worked out by the family's second route (arith: column by column)") : string.Empty)
                + (recipe.Data.RevisionWorkedStepShare is { } revised ? string.Create(CultureInfo.InvariantCulture, $"; in answers after the first, {revised:P0} of the steps worked out") : string.Empty),
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
        _context.Out.WriteLine(card.ToMarkdown());
        _context.WriteHint($"wrote {stem}.gguf, {stem}.card.json and {stem}.md");
        return ExitCodes.Success;
    }

    private static string Describe(IEnumerable<LabRecipe> recipes) => string.Join("; ", recipes.Select(r => $"{r.Name}: {r.Description}"));

    private static string StudentSampling(LabDataRecipe data) => data.StudentGreedyShare switch
    {
        <= 0 => string.Create(CultureInfo.InvariantCulture, $"temperature {data.StudentTemperature}"),
        >= 1 => "greedy",
        _ => string.Create(CultureInfo.InvariantCulture, $"{data.StudentGreedyShare:P0} greedy, the rest at temperature {data.StudentTemperature}"),
    };

    // Progress<T> posts to the thread pool; training reports from its own loop and wants lines in order.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
