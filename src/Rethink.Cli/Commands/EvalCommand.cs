using System.CommandLine;
using System.Globalization;
using Rethink.Cli.Models;
using Rethink.Cli.Output;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Verifiers;
using Rethink.Strategies;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink eval</c>: a dataset through one or more strategies, persisted and resumable, then the report.</summary>
internal sealed class EvalCommand
{
    private readonly CliContext _context;
    private readonly Option<string> _dataset = CommonOptions.Dataset();
    private readonly Option<string> _format = CommonOptions.Format();
    private readonly Option<string> _strategy = new("--strategy", "-s")
    {
        Description = "Strategies to run, comma separated (e.g. direct,reask), from: " + string.Join(", ", StrategyCatalog.Names) + ".",
        Required = true,
    };

    private readonly Option<string> _model = CommonOptions.Model();
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

    private readonly Option<long> _seed = CommonOptions.Seed();
    private readonly Option<float> _temperature = CommonOptions.Temperature();
    private readonly Option<int?> _maxOutputTokens = CommonOptions.MaxOutputTokens().AtLeast(1);
    private readonly Option<int> _retries = CommonOptions.Retries().AtLeast(0);

    public EvalCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("eval", "Run strategies over a dataset, store every trajectory, and report what self-correction did.")
        {
            _dataset, _format, _strategy, _model, _criticModel, _samples, _concurrency, _timeout, _maxTokens, _budgetTokens,
            _priceIn, _priceOut, _budgetCost, _set, _feedbackVerifier, _store, _runId, _resume, _json, _markdown, _onError,
            _limit, _seed, _temperature, _maxOutputTokens, _retries,
        };
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

        var formatName = parse.GetRequiredValue(_format);
        var format = DatasetLoader.Format(formatName);
        var kind = FormatKinds.KindOf(formatName);
        var datasetPath = DatasetLoader.RequireFile(_context, parse.GetRequiredValue(_dataset), "--dataset");
        var strategyNames = StrategyFactory.ParseNames(parse.GetRequiredValue(_strategy));
        var strategies = StrategyFactory.Create(strategyNames, CommonOptions.ParseSettings(parse.GetValue(_set)));
        var modelSpec = ModelProviders.Parse(parse.GetRequiredValue(_model));
        var criticSpec = parse.GetValue(_criticModel) is { } critic ? ModelProviders.Parse(critic) : null;
        var priceIn = parse.GetValue(_priceIn);
        var priceOut = parse.GetValue(_priceOut);
        var budgetCost = parse.GetValue(_budgetCost);
        if (budgetCost is not null && (priceIn is null || priceOut is null))
        {
            throw CliException.Usage("--budget-cost needs --price-in and --price-out");
        }

        var skip = parse.GetValue(_onError) == "skip";
        var problems = DatasetLoader.Load(_context, datasetPath, format, skip, cancellationToken);
        var limit = parse.GetValue(_limit);
        if (limit is { } n && n < problems.Count)
        {
            problems = problems.Take(n).ToList();
        }

        var verifier = kind is { } k ? AnswerVerifiers.For(k) : ReferenceKindVerifier.Instance;
        var feedback = parse.GetValue(_feedbackVerifier);
        var retries = parse.GetValue(_retries);
        var models = new ModelFactory(_context);
        var generator = models.Create(modelSpec, retries);
        var criticModel = criticSpec is null ? null : models.Create(criticSpec, retries);
        var model = new ModelDescription(modelSpec.Scheme, modelSpec.Model, modelSpec.Endpoint?.AbsoluteUri);
        var configuration = new RunConfiguration
        {
            Model = model,
            Strategies = strategies.Select(StrategyDescription.From).ToList(),
            ScoringVerifier = verifier.Name,
            Dataset = await DatasetDescription.FromFileAsync(datasetPath, format.Name, cancellationToken).ConfigureAwait(false),
            SamplesPerProblem = parse.GetValue(_samples),
            Seed = parse.GetValue(_seed),
            Chat = new RunChatSettings { Temperature = parse.GetValue(_temperature), MaxOutputTokens = parse.GetValue(_maxOutputTokens) },
            Components = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [RunReports.FeedbackVerifierComponent] = feedback ? verifier.Name : "none",
                ["critic_model"] = criticSpec?.ToString() ?? "none",
                ["dataset.limit"] = limit?.ToString(CultureInfo.InvariantCulture) ?? "all",
            },
            Concurrency = parse.GetValue(_concurrency),
            ProblemTimeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)),
            Budgets = new RunBudgets
            {
                MaxTokensPerProblem = parse.GetValue(_maxTokens),
                MaxRunTokens = parse.GetValue(_budgetTokens),
                MaxRunCost = budgetCost,
                InputPricePerMillion = priceIn,
                OutputPricePerMillion = priceOut,
            },

            // stop: the first failed problem ends the run (resumable); skip: go on, but a dead endpoint still ends it.
            AbortAfterConsecutiveErrors = skip ? 5 : 1,
        };

        var storePath = _context.Host.ResolvePath(parse.GetRequiredValue(_store));
        await using var store = await RunStores.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        await using var cache = await ResponseCache.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        var cachedGenerator = new ResponseCacheChatClient(generator.Client, cache, model.Describe());
        var cachedCritic = criticModel is null || criticSpec is null
            ? null
            : new ResponseCacheChatClient(criticModel.Client, cache, criticSpec.ToString());
        var plan = new RunPlan
        {
            Configuration = configuration,
            Problems = ToAsync(problems),
            Strategies = strategies,
            ScoringVerifier = verifier,
            ContextFactory = request => new StrategyContext
            {
                Generator = cachedGenerator,
                CriticModel = cachedCritic,
                FeedbackVerifier = feedback ? verifier : null,
                Extractor = ExtractorFor(request.Problem),
            },
            Scrubber = new SecretScrubber(_context.ApiKey is { } key ? [key] : []),
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
                _context.WriteHint($"run {info.Id} started: {problems.Count} problem(s) x {strategies.Count} strateg{(strategies.Count == 1 ? "y" : "ies")} x {configuration.SamplesPerProblem} sample(s) (store: {parse.GetRequiredValue(_store)})");
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
            var report = RunReports.Builder(configuration.Seed).Build(scored, RunReports.Metadata(outcome.RunId, configuration));
            await RunReports.WriteAsync(_context, report, parse.GetValue(_json), parse.GetValue(_markdown), CancellationToken.None).ConfigureAwait(false);
        }

        if (exitCode == ExitCodes.Endpoint)
        {
            _context.WriteError(endpointFailure!);
        }

        if (outcome.Status != RunStatus.Completed || outcome.Errors > 0)
        {
            _context.WriteHint("to continue: " + ResumeCommand(outcome.RunId));
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
            : LastLineAnswerExtractor.Instance;

    private static async IAsyncEnumerable<Problem> ToAsync(IReadOnlyList<Problem> problems)
    {
        foreach (var problem in problems)
        {
            yield return problem;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // The same command line with --resume RUN in place of --run-id/--resume, quoted for a POSIX shell.
    private string ResumeCommand(string runId)
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

        args.Add("--resume");
        args.Add(runId);
        return string.Join(' ', args.Select(Quote));
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@=,+%".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
