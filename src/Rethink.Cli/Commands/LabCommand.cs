using System.CommandLine;
using System.Globalization;
using Rethink.Data;
using Rethink.Lab.Chat;
using Rethink.Lab.Evaluation;
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
            + ". Experiments, not shipped (their results are in docs/lab/), and the smoke test: " + Describe(LabExperiments.All) + ". Or train from a file with --base and --data.",
    };

    private readonly Option<string?> _out = new("--out", "-o")
    {
        Description = "With --recipe: the directory of the model, its checkpoint and its card [default: models]. With --data: the model file to write (.gguf); its card goes beside it.",
        HelpName = "path",
    };

    private readonly Option<string?> _base = new("--base")
    {
        Description = "With --data: the lab model to continue, a shipped name (sft, critique, sft-routes, critique-routes) or a .gguf file.",
        HelpName = "model",
    };

    private readonly Option<string?> _data = new("--data")
    {
        Description = "Continue --base on this chat training file (rethink export's jsonl, trl, openai or parquet, or your own in one of those shapes), with the loss on every assistant reply a record marks. Records holding a held-out lab question are refused; records too long for the context are counted and left out.",
        HelpName = "file",
    };

    private readonly Option<int> _steps = new Option<int>("--steps")
    {
        Description = "With --data: optimiser steps.",
        DefaultValueFactory = _ => 300,
        HelpName = "n",
    }.AtLeast(1);

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
            _recipe, _base, _data, _steps, _out, _resume, _seed,
        };
        train.Validators.Add(result =>
        {
            var fromFile = result.GetResult(_data) is not null || result.GetResult(_base) is not null;
            if (fromFile == (result.GetResult(_recipe) is not null))
            {
                result.AddError("Name a recipe with --recipe, or a base model and a data file with --base and --data.");
            }
            else if (fromFile && (result.GetResult(_data) is null || result.GetResult(_base) is null || result.GetResult(_out) is null))
            {
                result.AddError("Training from a file needs --base, --data and --out (the model file to write).");
            }
        });
        train.SetAction(TrainAsync);
        return new Command("lab", "The lab: synthetic verifiable tasks and the small models trained on them.") { train };
    }

    private async Task<int> TrainAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_data) is not null)
        {
            return await TrainFromDataAsync(parse, cancellationToken).ConfigureAwait(false);
        }

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
        var err = _context.Error;
        var progress = Progress();

        var request = new LabTrainingRequest(
            recipe,
            _context.Host.ResolvePath(parse.GetValue(_out) ?? "models"),
            StrategyCatalog.Create("direct"),
            StrategyFactory.Create(CorrectionStrategies, StrategyFactory.WithDefaults(CorrectionStrategies, new Dictionary<string, string>(), LabEvaluation.StrategyDefaults)))
        {
            Command = command,
            Resume = parse.GetValue(_resume),
            Progress = progress,
            Log = line => err.WriteLine("rethink: " + line),
        };
        LabTrainingOutcome outcome;
        try
        {
            outcome = await LabTrainingPipeline.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw CliException.Usage(e.Message);
        }
        catch (OperationCanceledException)
        {
            _context.WriteHint($"training interrupted; a checkpoint was saved. Resume with: {command} --resume");
            return ExitCodes.Incomplete;
        }

        _context.Out.WriteLine(outcome.Card.ToMarkdown());
        _context.WriteHint($"wrote {outcome.Stem}.gguf, {outcome.Stem}.card.json and {outcome.Stem}.md");
        return ExitCodes.Success;
    }

    // --base MODEL --data FILE --out FILE: a lab model continued on a chat training file.
    private async Task<int> TrainFromDataAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var baseText = parse.GetRequiredValue(_base)!;
        string basePath;
        try
        {
            basePath = baseText.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) ? DatasetLoader.RequireFile(_context, baseText, "--base") : LabModelLocator.Resolve(baseText);
        }
        catch (FileNotFoundException e)
        {
            throw CliException.Usage(e.Message);
        }

        var dataText = parse.GetRequiredValue(_data)!;
        var dataPath = DatasetLoader.RequireFile(_context, dataText, "--data");
        var outText = parse.GetRequiredValue(_out)!;
        var outPath = _context.Host.ResolvePath(outText);
        if (!outPath.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || Directory.Exists(outPath))
        {
            throw CliException.Usage($"--out {outText}: with --data, --out names the model file to write (NAME.gguf)");
        }

        if (Path.GetDirectoryName(outPath) is { } folder && !Directory.Exists(folder))
        {
            throw CliException.Usage($"--out {outText}: the folder {folder} does not exist");
        }

        TrainingConversations.Result data;
        try
        {
            data = await TrainingConversations.ReadAsync(dataPath, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw CliException.Usage(e.Message.Replace(dataPath, dataText, StringComparison.Ordinal));
        }

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(dataPath, cancellationToken).ConfigureAwait(false)));
        var seed = parse.GetValue(_seed) ?? 1;
        var steps = parse.GetValue(_steps);
        var command = string.Create(CultureInfo.InvariantCulture, $"rethink lab train --base {baseText} --data {dataText} --steps {steps} --seed {seed} --out {outText}");
        var request = new LabFineTuneRequest(basePath, data.Conversations.Select(c => new LabConversation(c.Messages, c.Trained)).ToList(), outPath)
        {
            Steps = steps,
            Seed = seed,
            DataDescription = $"{Path.GetFileName(dataPath)} (sha256 {sha[..12]})",
            Command = command,
            Resume = parse.GetValue(_resume),
            Progress = Progress(),
            Log = line => _context.Error.WriteLine("rethink: " + line),
        };
        if (data.SkippedUnlabelled > 0)
        {
            _context.WriteHint(string.Create(CultureInfo.InvariantCulture, $"{data.SkippedUnlabelled} record(s) labelled false left out (only replies labelled true are imitated)"));
        }

        LabTrainingOutcome outcome;
        try
        {
            outcome = await LabFineTuning.RunAsync(request, StrategyCatalog.Create("direct"), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw CliException.Usage($"--data {dataText}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            _context.WriteHint($"training interrupted; a checkpoint was saved. Resume with: {command} --resume");
            return ExitCodes.Incomplete;
        }

        _context.Out.WriteLine(outcome.Card.ToMarkdown());
        _context.WriteHint($"wrote {outPath}, {outcome.Stem}.card.json and {outcome.Stem}.md");
        return ExitCodes.Success;
    }

    private SynchronousProgress<LabTrainingProgress> Progress()
    {
        var last = DateTime.MinValue;
        return new SynchronousProgress<LabTrainingProgress>(p =>
        {
            var now = DateTime.UtcNow;
            if (now - last < _context.Host.ProgressInterval && p.Step != p.TotalSteps)
            {
                return;
            }

            last = now;
            var eval = p.EvalLoss is { } e ? e.ToString("F4", CultureInfo.InvariantCulture) : "-";
            _context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rethink: step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} eval {eval} {p.TokensPerSecond:N0} pos/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.Remaining:hh\\:mm\\:ss}"));
        });
    }

    private static string Describe(IEnumerable<LabRecipe> recipes) => string.Join("; ", recipes.Select(r => $"{r.Name}: {r.Description}"));

    // Progress<T> posts to the thread pool; training reports from its own loop and wants lines in order.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
