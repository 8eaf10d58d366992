using System.CommandLine;
using System.Globalization;
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
        var err = _context.Error;
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

        var request = new LabTrainingRequest(
            recipe,
            _context.Host.ResolvePath(parse.GetRequiredValue(_out)),
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

    private static string Describe(IEnumerable<LabRecipe> recipes) => string.Join("; ", recipes.Select(r => $"{r.Name}: {r.Description}"));

    // Progress<T> posts to the thread pool; training reports from its own loop and wants lines in order.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
