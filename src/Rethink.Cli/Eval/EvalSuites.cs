using Rethink.Cli.Commands;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Lab.Evaluation;
using Rethink.Lab.Tasks;
using Rethink.Verifiers;

namespace Rethink.Cli.Eval;

/// <summary>
/// Where an eval's problems come from: the dataset file in its format, read whole before any model call (a bad line
/// costs nothing), or without one the lab suite with its own verifier, defaults and models.
/// </summary>
internal static class EvalSuites
{
    public static async Task<EvalSuite> ResolveAsync(CliContext context, EvalSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Dataset is not { } dataset)
        {
            if (settings.Format is { } f && f != "lab")
            {
                throw CliException.Usage($"--format {f} needs --dataset; without --dataset eval runs the lab suite");
            }

            var lab = LabEvaluation.Suite(settings.LabPerCell, settings.Limit, settings.LabAnswers, settings.LabSplit);
            return new EvalSuite(lab.Problems, new DatasetDescription(lab.Name, lab.Sha256, "lab"), new LabVerifier(), settings.Limit)
            {
                DefaultStrategies = LabEvaluation.DefaultStrategies,
                DefaultModels = LabEvaluation.DefaultModels,
                StrategyDefaults = LabEvaluation.StrategyDefaults,
                VerifierComponents = LabEvaluation.VerifierComponents,
            };
        }

        if (settings.LabAnswersGiven || settings.LabSplitGiven)
        {
            throw CliException.Usage($"{(settings.LabAnswersGiven ? "--lab-answers" : "--lab-split")} applies to the lab suite only; it cannot be combined with --dataset");
        }

        var formatName = settings.Format ?? throw CliException.Usage("--format is required with --dataset (gsm8k, math, mc, jsonl, humaneval or mbpp)");
        var format = DatasetLoader.Format(formatName);
        var path = DatasetLoader.RequireFile(context, dataset, "--dataset");
        var problems = DatasetLoader.Load(context, path, format, settings.SkipErrors, cancellationToken);
        if (settings.Limit is { } n && n < problems.Count)
        {
            problems = problems.Take(n).ToList();
        }

        // A code suite's verifier needs the executor, made once the cheaper checks passed; until then, the placeholder.
        var verifier = format.Kind is { } kind and not AnswerKind.Code ? AnswerVerifiers.For(kind) : ReferenceKindVerifier.Instance;
        var description = await DatasetDescription.FromFileAsync(path, format.Name, cancellationToken).ConfigureAwait(false);
        return new EvalSuite(problems, description, verifier, settings.Limit) { IsCode = format.Kind == AnswerKind.Code };
    }
}
