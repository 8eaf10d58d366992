using System.CommandLine;
using Rethink.Cli.Eval;
using Rethink.Cli.Output;
using Rethink.Core;
using Rethink.Evaluation.Reports;
using Rethink.Evaluation.Runs;
using Rethink.Providers;
using Rethink.Strategies;
using Rethink.Verifiers.Code;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink eval</c>: a dataset through one or more strategies, persisted and resumable, then the report.</summary>
internal sealed class EvalCommand(CliContext context)
{
    private readonly EvalOptions _options = new();

    public Command Build()
    {
        var command = new Command("eval", "Run strategies over a dataset, store every trajectory, and report what self-correction did.");
        foreach (var option in _options.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(_options.Validate);
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Everything that can be checked without a model is checked first, so a typo costs no tokens: the options, the
        // report files (a mistyped folder must not cost a run), the dataset, the strategies and the model specs.
        var settings = EvalSettings.Parse(parse, _options, context);
        var targets = ReportTargets.Parse(context, settings.Json, settings.Markdown);
        var suite = await EvalSuites.ResolveAsync(context, settings, cancellationToken).ConfigureAwait(false);
        var strategyNames = StrategyFactory.ParseNames(settings.Strategies
            ?? (suite.DefaultStrategies is { } names ? string.Join(',', names) : throw CliException.Usage("--strategy is required with --dataset")));
        var strategies = StrategyFactory.Create(strategyNames, StrategyFactory.WithDefaults(strategyNames, settings.StrategySettings, suite.StrategyDefaults));
        var modelSpecs = (settings.Model is { } m ? [m] : suite.DefaultModels ?? throw CliException.Usage("--model is required with --dataset"))
            .Select(ModelProviders.Parse).ToList();
        if (settings.Resume is not null && modelSpecs.Count > 1)
        {
            throw CliException.Usage("--resume continues one run: name its model with --model");
        }

        var criticSpec = settings.CriticModel is { } critic ? ModelProviders.Parse(critic) : null;

        // Code datasets are scored by running tests, and tool-using strategies run programs: both need an executor,
        // created last among the checks because it refuses (exit 2) when the sandbox is missing.
        var executor = suite.IsCode || strategies.Any(StrategyCatalog.NeedsCodeExecutor)
            ? CodeExecution.Create(context, settings.UnsafeLocalExec)
            : null;
        if (executor is not null && suite.IsCode)
        {
            suite = suite with { Verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(settings.ExecTimeoutSeconds) }) };
        }

        var storePath = context.Host.ResolvePath(settings.Store);
        await using var store = await RunStores.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        await using var cache = await ResponseCache.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        var exitCode = ExitCodes.Success;
        foreach (var modelSpec in modelSpecs)
        {
            // With several models, each run writes its own file (report.json -> report.lab-sft.json) and gets its own id.
            var several = modelSpecs.Count > 1;
            var runTargets = several ? targets.WithSuffix(modelSpec.ToString().Replace(':', '-')) : targets;
            var runId = settings.RunId is { } id && several ? id + "-" + modelSpec.Model : settings.RunId;
            using var models = new ModelFactory(context, cache);
            var run = new EvalRunFactory(settings, suite, strategies, executor, models, context.Scrubber).Create(modelSpec, criticSpec);
            var code = await RunAsync(settings, store, run, runId, runTargets, cancellationToken).ConfigureAwait(false);
            exitCode = Math.Max(exitCode, code);
            if (code is ExitCodes.Usage or ExitCodes.Endpoint || cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return exitCode;
    }

    private async Task<int> RunAsync(EvalSettings settings, IRunStore store, EvalRun run, string? runId, ReportTargets targets, CancellationToken cancellationToken)
    {
        var configuration = run.Plan.Configuration;
        var model = run.Generator.Spec;
        var progress = new ProgressDisplay(context.Host);
        RunOutcome outcome;
        try
        {
            var runner = new EvaluationRunner(store);
            if (settings.Resume is { } resume)
            {
                context.WriteHint($"resuming run {resume} (store: {settings.Store})");
                outcome = await runner.RunAsync(resume, run.Plan, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var info = await store.CreateRunAsync(configuration, runId, run.Plan.Scrubber, cancellationToken).ConfigureAwait(false);
                var strategies = configuration.Strategies.Count;
                context.WriteHint($"run {info.Id} started: {run.Plan.Problems.Count} problem(s) x {strategies} strateg{(strategies == 1 ? "y" : "ies")} x {configuration.SamplesPerProblem} sample(s), model {model} (store: {settings.Store})");
                outcome = await runner.RunAsync(info.Id, run.Plan, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RunConfigurationMismatchException e)
        {
            throw CliException.Usage(e.Message);
        }
        catch (KeyNotFoundException) when (settings.Resume is not null)
        {
            throw CliException.Usage($"no run '{settings.Resume}' in {settings.Store} (see 'rethink report --store {settings.Store}' for the list)");
        }
        finally
        {
            progress.Complete();
        }

        context.WriteHint(RunReports.Describe(outcome) + (outcome.Message is { } m ? " - " + m : string.Empty));
        var endpointFailure = run.Generator.Health.LastFailure ?? run.Critic?.Health.LastFailure;

        // A dead endpoint is exit 3 whether the run aborted (stop) or went through every problem failing (skip).
        var endpointDown = endpointFailure is not null
            && (outcome.Status == RunStatus.Aborted || (outcome.Errors > 0 && run.Generator.Health.Successes == 0));
        var unfinished = outcome.Status != RunStatus.Completed || outcome.Errors > 0;
        var resumeLine = "to continue: " + ResumeCommandLine.For(context.Args, outcome.RunId, model.ToString());
        if (outcome.Finished > 0)
        {
            var scored = await store.LoadScoredTrajectoriesAsync(outcome.RunId, CancellationToken.None).ConfigureAwait(false);
            var report = RunReports.Builder(configuration.Seed).Build(scored, RunReports.Metadata(outcome.RunId, configuration, new RunCompletion(outcome.Status, outcome.Finished + outcome.Errors, outcome.Total)));
            try
            {
                await RunReports.WriteAsync(context, report, targets, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                // The results are stored; only the file is missing, and report writes it again without a model call.
                if (unfinished)
                {
                    context.WriteHint(resumeLine);
                }

                throw new CliException(e.ExitCode, $"{e.Message} (run {outcome.RunId} is stored: 'rethink report {outcome.RunId} --store {settings.Store}' writes its report again)", e);
            }
        }

        if (endpointDown)
        {
            context.WriteError(endpointFailure!);
        }

        if (unfinished)
        {
            context.WriteHint(resumeLine);
        }

        // Completed with some failed problems is a success under --on-error skip (the failures are in the report,
        // scored as they ended); every other unfinished state can be resumed.
        return endpointDown ? ExitCodes.Endpoint : outcome.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.Incomplete;
    }
}
