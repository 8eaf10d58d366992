using System.CommandLine;
using System.Globalization;
using Rethink.Providers;
using Rethink.Cli.Output;
using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Evaluation.Runs;
using Rethink.Verifiers;
using Rethink.Verifiers.Code;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;
using Rethink.Strategies;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink eval</c>: a dataset through one or more strategies, persisted and resumable, then the report.</summary>
internal sealed class EvalCommand
{
    private readonly CliContext _context;
    /// <summary>What the lab suite runs when no --strategy is given: the lab demo's five strategies.</summary>
    public const string LabStrategies = "direct,reask,self-refine,verify-refine,self-consistency";

    /// <summary>The shipped lab models the lab suite runs when no --model is given, in this order.</summary>
    public static readonly IReadOnlyList<string> LabModels = ["lab:sft", "lab:critique", "lab:critique-routes"];

    private readonly Option<string?> _dataset = new("--dataset", "-d")
    {
        Description = "The dataset file (JSONL). Without it: the lab suite (held-out lab problems, scored exactly).",
        HelpName = "file",
    };

    private readonly Option<string?> _format = new("--format", "-f")
    {
        Description = "The dataset format: gsm8k, math, mc, jsonl, or the code formats humaneval and mbpp (required with --dataset).",
    };

    private readonly Option<string?> _strategy = new("--strategy", "-s")
    {
        Description = "Strategies to run, comma separated (e.g. direct,reask), from: " + string.Join(", ", StrategyCatalog.Names) + ". Required with --dataset; the lab suite defaults to " + LabStrategies + ".",
    };

    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "The model: " + ModelProviders.SupportedSyntax + ". Required with --dataset; the lab suite defaults to the shipped lab models (" + string.Join(", ", LabModels) + "), one run each.",
        HelpName = "model",
    };

    private readonly Option<int> _labPerCell = new Option<int>("--lab-per-cell")
    {
        HelpName = "n",
        Description = "Lab suite only: problems per family/difficulty cell (11 cells).",
        DefaultValueFactory = _ => 10,
    }.AtLeast(1);
    private readonly Option<string> _labAnswers = new Option<string>("--lab-answers")
    {
        HelpName = "source",
        Description = "Lab suite only: who writes the first answer. model: the model under test; gold: the worked solution; "
            + "flawed: the worked solution with an error injected at a random step; mixed: gold or flawed, half each. "
            + "Given answers make the run a critique evaluation: the critic-quality table scores the critic on answers whose "
            + "correctness is known, and the transitions show what the correction kept and fixed.",
        DefaultValueFactory = _ => "model",
    }.AcceptOnlyFromAmong(LabEvalSuite.AnswerSources.ToArray());

    private readonly Option<string?> _criticModel = CommonOptions.CriticModel();
    private readonly Option<int> _samples = new Option<int>("--samples")
    {
        HelpName = "n",
        Description = "Trajectories per problem and strategy (the S of Confidence-vs-Critique).",
        DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    private readonly Option<int> _concurrency = new Option<int>("--concurrency", "-c")
    {
        HelpName = "n",
        Description = "Problems in flight at once.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private readonly Option<double> _timeout = CommonOptions.Timeout().AtLeast(0.001);
    private readonly Option<long?> _maxTokens = CommonOptions.MaxTokensPerProblem().AtLeast(1);
    private readonly Option<long?> _budgetTokens = new Option<long?>("--budget-tokens")
    {
        HelpName = "n",
        Description = "Token budget for the whole run; when it runs out the run stops and can be resumed.",
    }.AtLeast(1);

    private readonly Option<decimal?> _priceIn = new Option<decimal?>("--price-in")
    {
        HelpName = "price",
        Description = "Price per million input tokens (for cost figures and --budget-cost).",
    }.AtLeast(0);

    private readonly Option<decimal?> _priceOut = new Option<decimal?>("--price-out")
    {
        HelpName = "price",
        Description = "Price per million output tokens.",
    }.AtLeast(0);

    private readonly Option<decimal?> _budgetCost = new Option<decimal?>("--budget-cost")
    {
        HelpName = "amount",
        Description = "Cost budget for the whole run (needs --price-in and --price-out).",
    }.AtLeast(0);

    private readonly Option<string[]> _set = CommonOptions.Set();
    private readonly Option<bool> _feedbackVerifier = new("--feedback-verifier")
    {
        Description = "Hand the scoring verifier to the strategies as feedback (oracle-assisted; the report says so).",
    };

    private readonly Option<string> _store = CommonOptions.Store();
    private readonly Option<string?> _runId = new("--run-id")
    {
        Description = "Id for the new run (default: generated). With several strategies, each run gets '<id>-<strategy>'.",
    };

    private readonly Option<string?> _resume = new("--resume")
    {
        Description = "Resume this run: finished problems are skipped; a changed configuration is refused.",
        HelpName = "run",
    };

    private readonly Option<string?> _json = CommonOptions.Json();
    private readonly Option<string?> _markdown = CommonOptions.Markdown();
    private readonly Option<string> _onError = new Option<string>("--on-error")
    {
        Description = "What a failed problem or malformed dataset line does: stop the run, or skip it and go on.",
        DefaultValueFactory = _ => "stop",
    }.AcceptOnlyFromAmong("stop", "skip");

    private readonly Option<int?> _limit = new Option<int?>("--limit", "-n")
    {
        HelpName = "n",
        Description = "Use only the first N problems of the dataset.",
    }.AtLeast(1);

    private readonly Option<bool> _unsafeLocal = CodeExecution.UnsafeLocalOption();
    private readonly Option<double> _execTimeout = CodeExecution.TimeoutOption();
    private readonly Option<long> _seed = CommonOptions.Seed();
    private readonly Option<float> _temperature = CommonOptions.Temperature();
    private readonly Option<float?> _sampleTemperature = new("--sample-temperature")
    {
        Description = "Temperature of the samples that multi-sample strategies draw (self-consistency, best-of-n). [default: 0.7]",
        HelpName = "t",
    };

    private readonly Option<int?> _maxOutputTokens = CommonOptions.MaxOutputTokens().AtLeast(1);
    private readonly Option<int> _retries = CommonOptions.Retries().AtLeast(0);

    public EvalCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("eval", "Run strategies over a dataset, store every trajectory, and report what self-correction did.")
        {
            _dataset, _format, _strategy, _model, _criticModel, _samples, _concurrency, _timeout, _maxTokens, _budgetTokens,
            _priceIn, _priceOut, _budgetCost, _set, _feedbackVerifier, _store, _runId, _resume, _json, _markdown, _onError,
            _limit, _seed, _temperature, _sampleTemperature, _maxOutputTokens, _retries, _labPerCell, _labAnswers, _unsafeLocal, _execTimeout,
        };
        command.Validators.Add(result =>
        {
            // With a dataset, eval needs to know its format, strategies and model; without one it runs the lab suite.
            if (result.GetResult(_dataset) is null)
            {
                return;
            }

            foreach (var option in new Option[] { _format, _strategy, _model })
            {
                if (result.GetResult(option) is null)
                {
                    result.AddError($"Option '{option.Name}' is required with --dataset.");
                    return;
                }
            }
        });
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Everything that can be checked without the network is checked first, so a typo costs no tokens.
        var resume = parse.GetValue(_resume);
        var runId = parse.GetValue(_runId);
        if (resume is not null && runId is not null)
        {
            throw CliException.Usage("--run-id and --resume cannot be combined (--resume continues an existing run under its own id)");
        }

        // Report files are checked before the dataset is read: a mistyped folder must not cost a run.
        var targets = ReportTargets.Parse(_context, parse.GetValue(_json), parse.GetValue(_markdown));
        var suite = await ResolveSuiteAsync(parse, cancellationToken).ConfigureAwait(false);
        var strategyNames = StrategyFactory.ParseNames(parse.GetValue(_strategy) ?? (suite.IsLab ? LabStrategies : throw CliException.Usage("--strategy is required with --dataset")));
        var settings = CommonOptions.ParseSettings(parse.GetValue(_set));
        var strategies = StrategyFactory.Create(strategyNames, suite.IsLab ? StrategyFactory.WithDefaults(strategyNames, settings, LabRecipes.StrategyDefaults) : settings);
        var modelTexts = parse.GetValue(_model) is { } m ? [m] : suite.IsLab ? LabModels : throw CliException.Usage("--model is required with --dataset");
        var modelSpecs = modelTexts.Select(ModelProviders.Parse).ToList();
        if (resume is not null && modelSpecs.Count > 1)
        {
            throw CliException.Usage("--resume continues one run: name its model with --model");
        }

        if (parse.GetValue(_sampleTemperature) is { } st && !(st >= 0 && st <= 2))
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--sample-temperature must be between 0 and 2, not {st}"));
        }

        var criticSpec = parse.GetValue(_criticModel) is { } critic ? ModelProviders.Parse(critic) : null;
        var priceIn = parse.GetValue(_priceIn);
        var priceOut = parse.GetValue(_priceOut);
        var budgetCost = parse.GetValue(_budgetCost);
        if (budgetCost is not null && (priceIn is null || priceOut is null))
        {
            throw CliException.Usage("--budget-cost needs --price-in and --price-out");
        }

        // Code datasets are scored by running tests, and tool-using strategies run programs: both need an executor,
        // created last among the checks because it refuses (exit 2) when the sandbox is missing.
        var executor = suite.IsCode || strategies.Any(StrategyCatalog.NeedsCodeExecutor)
            ? CodeExecution.Create(_context, parse.GetValue(_unsafeLocal))
            : null;
        try
        {
            if (executor is not null && suite.IsCode)
            {
                suite = suite with
                {
                    Verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(parse.GetValue(_execTimeout)) }),
                };
            }

            // With several models, each run writes its own file: report.json -> report.lab-sft.json, all checked now.
            var perModel = modelSpecs.Select(spec => parse.GetValue(_model) is null && suite.IsLab ? targets.WithSuffix(spec.ToString().Replace(':', '-')) : targets).ToList();
            var exitCode = ExitCodes.Success;
            for (var i = 0; i < modelSpecs.Count; i++)
            {
                var modelSpec = modelSpecs[i];
                var id = runId is null || modelSpecs.Count == 1 ? runId : runId + "-" + modelSpec.Model;
                var code = await RunModelAsync(parse, suite, strategies, modelSpec, criticSpec, resume, id, executor, perModel[i], cancellationToken).ConfigureAwait(false);
                exitCode = Math.Max(exitCode, code);
                if (code is ExitCodes.Usage or ExitCodes.Endpoint || cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            return exitCode;
        }
        finally
        {
            switch (executor)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private async Task<EvalSuite> ResolveSuiteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var skip = parse.GetValue(_onError) == "skip";
        var limit = parse.GetValue(_limit);
        if (parse.GetValue(_dataset) is not { } datasetText)
        {
            if (parse.GetValue(_format) is { } f && f != "lab")
            {
                throw CliException.Usage($"--format {f} needs --dataset; without --dataset eval runs the lab suite");
            }

            var lab = LabEvalSuite.Load(parse.GetValue(_labPerCell), limit, parse.GetValue(_labAnswers) ?? "model");
            return new EvalSuite(lab.Problems, lab.Description, new LabVerifier(), limit, IsLab: true);
        }

        if (parse.GetResult(_labAnswers) is { Implicit: false })
        {
            throw CliException.Usage("--lab-answers applies to the lab suite only; it cannot be combined with --dataset");
        }

        var formatName = parse.GetValue(_format) ?? throw CliException.Usage("--format is required with --dataset (gsm8k, math, mc, jsonl, humaneval or mbpp)");
        var format = DatasetLoader.Format(formatName);
        var isCode = CodeExecution.IsCodeFormat(formatName);
        var kind = isCode ? AnswerKind.Code : FormatKinds.KindOf(formatName);
        var datasetPath = DatasetLoader.RequireFile(_context, datasetText, "--dataset");
        var problems = DatasetLoader.Load(_context, datasetPath, format, skip, cancellationToken);
        if (limit is { } n && n < problems.Count)
        {
            problems = problems.Take(n).ToList();
        }

        // A code suite's verifier needs the executor, made once the cheaper checks passed; until then, the placeholder.
        var verifier = isCode ? ReferenceKindVerifier.Instance : kind is { } k ? AnswerVerifiers.For(k) : ReferenceKindVerifier.Instance;
        var description = await DatasetDescription.FromFileAsync(datasetPath, format.Name, cancellationToken).ConfigureAwait(false);
        return new EvalSuite(problems, description, verifier, limit, IsLab: false) { IsCode = isCode };
    }

    private async Task<int> RunModelAsync(
        ParseResult parse,
        EvalSuite suite,
        IReadOnlyList<IStrategy> strategies,
        ModelSpec modelSpec,
        ModelSpec? criticSpec,
        string? resume,
        string? runId,
        ICodeExecutor? executor,
        ReportTargets targets,
        CancellationToken cancellationToken)
    {
        var problems = suite.Problems;
        var verifier = suite.Verifier;
        var skip = parse.GetValue(_onError) == "skip";

        // Strategies that need a verifier (verify-refine) always get the scoring verifier and are labelled
        // oracle-assisted; --feedback-verifier hands it to every strategy.
        var feedbackStrategies = strategies
            .Where(st => parse.GetValue(_feedbackVerifier) || StrategyCatalog.NeedsFeedbackVerifier(st))
            .Select(st => st.Name)
            .ToHashSet(StringComparer.Ordinal);
        var retries = parse.GetValue(_retries);
        var storePath = _context.Host.ResolvePath(parse.GetRequiredValue(_store));
        await using var store = await RunStores.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        await using var cache = await ResponseCache.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        using var models = new ModelFactory(_context, cache);
        var generator = models.Create(modelSpec, retries);
        var criticModel = criticSpec is null ? null : models.Create(criticSpec, retries);
        var model = new ModelDescription(modelSpec.Scheme, modelSpec.Model, modelSpec.Endpoint?.AbsoluteUri) { Digest = generator.Identity.Digest };
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [RunReports.FeedbackVerifierComponent] = RunReports.FeedbackComponent(verifier.Name, strategies.Select(st => st.Name).Where(feedbackStrategies.Contains).ToList()),
            ["critic_model"] = criticModel?.Identity.ToString() ?? "none",
            ["dataset.limit"] = suite.Limit?.ToString(CultureInfo.InvariantCulture) ?? "all",
        };
        if (verifier is Rethink.Lab.Tasks.LabVerifier)
        {
            // The lab verifier records each wrong answer's first wrong step, which the "error located" column reads; a
            // run stored by a version without this component has verdicts without it, so resuming one is refused
            // rather than mixing verdicts with and without locations.
            components["verifier.error_location"] = "first wrong step";
        }

        if (executor is not null)
        {
            // Recorded (and fingerprinted): a run resumed under another isolation or time limit is refused.
            components[RunReports.CodeExecutionComponent] = executor.Isolation;
            components[RunReports.CodeExecutionComponent + ".timeout_s"] = parse.GetValue(_execTimeout).ToString("0.###", CultureInfo.InvariantCulture);
        }

        var configuration = new RunConfiguration
        {
            Model = model,
            Strategies = strategies.Select(StrategyDescription.From).ToList(),
            ScoringVerifier = verifier.Name,
            Dataset = suite.Description,
            SamplesPerProblem = parse.GetValue(_samples),
            Seed = parse.GetValue(_seed),
            Chat = new RunChatSettings { Temperature = parse.GetValue(_temperature), SampleTemperature = parse.GetValue(_sampleTemperature), MaxOutputTokens = parse.GetValue(_maxOutputTokens) },
            Components = components,
            Concurrency = parse.GetValue(_concurrency),
            ProblemTimeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)),
            Budgets = new RunBudgets
            {
                MaxTokensPerProblem = parse.GetValue(_maxTokens),
                MaxRunTokens = parse.GetValue(_budgetTokens),
                MaxRunCost = parse.GetValue(_budgetCost),
                InputPricePerMillion = parse.GetValue(_priceIn),
                OutputPricePerMillion = parse.GetValue(_priceOut),
            },

            // stop: the first failed problem ends the run (resumable); skip: go on, but a dead endpoint still ends it.
            AbortAfterConsecutiveErrors = skip ? 5 : 1,
        };

        var plan = new RunPlan
        {
            Configuration = configuration,
            Problems = ToAsync(problems),
            Strategies = strategies,
            ScoringVerifier = verifier,
            ContextFactory = request => new StrategyContext
            {
                Generator = generator.Client,
                CriticModel = criticModel?.Client,
                FeedbackVerifier = feedbackStrategies.Contains(request.Strategy.Name) ? verifier : null,
                CodeExecutor = executor,
                Extractor = ExtractorFor(request.Problem),
            },
            Scrubber = _context.Scrubber,
        };

        var runner = new EvaluationRunner(store);
        var progress = new ProgressDisplay(_context.Host);
        RunOutcome outcome;
        try
        {
            if (resume is not null)
            {
                _context.WriteHint($"resuming run {resume} (store: {parse.GetRequiredValue(_store)})");
                outcome = await runner.RunAsync(resume, plan, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var info = await store.CreateRunAsync(configuration, runId, plan.Scrubber, cancellationToken).ConfigureAwait(false);
                _context.WriteHint($"run {info.Id} started: {problems.Count} problem(s) x {strategies.Count} strateg{(strategies.Count == 1 ? "y" : "ies")} x {configuration.SamplesPerProblem} sample(s), model {modelSpec} (store: {parse.GetRequiredValue(_store)})");
                outcome = await runner.RunAsync(info.Id, plan, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RunConfigurationMismatchException e)
        {
            throw CliException.Usage(e.Message);
        }
        catch (KeyNotFoundException) when (resume is not null)
        {
            throw CliException.Usage($"no run '{resume}' in {parse.GetRequiredValue(_store)} (see 'rethink report --store {parse.GetRequiredValue(_store)}' for the list)");
        }
        finally
        {
            progress.Complete();
        }

        _context.WriteHint(RunReports.Describe(outcome) + (outcome.Message is { } m ? " - " + m : string.Empty));
        var endpointFailure = generator.Health.LastFailure ?? criticModel?.Health.LastFailure;

        // A dead endpoint is exit 3 whether the run aborted (stop) or went through every problem failing (skip).
        var endpointDown = endpointFailure is not null
            && (outcome.Status == RunStatus.Aborted || (outcome.Errors > 0 && generator.Health.Successes == 0));
        var exitCode = endpointDown ? ExitCodes.Endpoint : ExitCodeFor(outcome);
        if (outcome.Finished > 0)
        {
            var scored = await store.LoadScoredTrajectoriesAsync(outcome.RunId, CancellationToken.None).ConfigureAwait(false);
            var report = RunReports.Builder(configuration.Seed).Build(scored, RunReports.Metadata(outcome.RunId, configuration, new Rethink.Evaluation.Reports.RunCompletion(outcome.Status, outcome.Finished + outcome.Errors, outcome.Total)));
            try
            {
                await RunReports.WriteAsync(_context, report, targets, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                // The results are stored; only the file is missing, and report writes it again without a model call.
                if (outcome.Status != RunStatus.Completed || outcome.Errors > 0)
                {
                    _context.WriteHint("to continue: " + ResumeCommand(outcome.RunId, modelSpec));
                }

                throw new CliException(e.ExitCode, $"{e.Message} (run {outcome.RunId} is stored: 'rethink report {outcome.RunId} --store {parse.GetRequiredValue(_store)}' writes its report again)", e);
            }
        }

        if (exitCode == ExitCodes.Endpoint)
        {
            _context.WriteError(endpointFailure!);
        }

        if (outcome.Status != RunStatus.Completed || outcome.Errors > 0)
        {
            _context.WriteHint("to continue: " + ResumeCommand(outcome.RunId, modelSpec));
        }

        return exitCode;
    }

    // Completed with some failed problems is a success under --on-error skip (the failures are in the report, scored
    // as they ended); every other unfinished state can be resumed.
    private static int ExitCodeFor(RunOutcome outcome) =>
        outcome.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.Incomplete;

    private static IAnswerExtractor ExtractorFor(Problem problem) =>
        problem.Reference.Kind is AnswerKind.Numeric or AnswerKind.Choice or AnswerKind.Exact or AnswerKind.Regex
            ? AnswerExtractors.For(problem.Reference.Kind, problem.Reference.Choices)
            : problem.Reference.Kind == AnswerKind.Code ? CodeAnswerExtractor.Instance : LastLineAnswerExtractor.Instance;

    private static async IAsyncEnumerable<Problem> ToAsync(IReadOnlyList<Problem> problems)
    {
        foreach (var problem in problems)
        {
            yield return problem;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // The same command line with --resume RUN in place of --run-id/--resume, quoted for a POSIX shell.
    private string ResumeCommand(string runId, ModelSpec model)
    {
        var args = new List<string> { "rethink" };
        var given = _context.Args;
        for (var i = 0; i < given.Count; i++)
        {
            var arg = given[i];
            if (arg is "--run-id" or "--resume")
            {
                i++;
                continue;
            }

            if (arg.StartsWith("--run-id=", StringComparison.Ordinal) || arg.StartsWith("--resume=", StringComparison.Ordinal))
            {
                continue;
            }

            args.Add(arg);
        }

        if (!given.Any(a => a is "--model" or "-m" || a.StartsWith("--model=", StringComparison.Ordinal)))
        {
            args.Add("--model");
            args.Add(model.ToString());
        }

        args.Add("--resume");
        args.Add(runId);
        return string.Join(' ', args.Select(Quote));
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@=,+%".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
