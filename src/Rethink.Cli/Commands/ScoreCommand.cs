using System.CommandLine;
using System.Globalization;
using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Evaluation.Datasets;
using Rethink.Evaluation.Reports;
using Rethink.Evaluation.Runs;
using Rethink.Verifiers;
using Rethink.Verifiers.Code;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink score</c>: score answers produced elsewhere and report the same metrics as <c>eval</c>.</summary>
internal sealed class ScoreCommand
{
    private readonly CliContext _context;
    private readonly Option<string> _dataset = CommonOptions.Dataset();
    private readonly Option<string> _format = CommonOptions.Format("The dataset format: gsm8k, math, mc, jsonl, or the code formats humaneval and mbpp (answers run against the tests in the sandbox).");
    private readonly Option<string> _responses = new("--responses", "-r")
    {
        Description = "JSONL, one line per problem and sample: {\"id\", \"response\"} or {\"id\", \"turns\": [...]} (answers in order); for code formats HumanEval's samples format {\"task_id\", \"completion\"}, any number per task.",
        Required = true,
        HelpName = "file",
    };

    private readonly Option<int[]> _k = new("--k")
    {
        Description = "Code formats: the k of pass@k (repeatable; default 1, 10 and 100 where every task has at least k samples).",
        HelpName = "k",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> _unsafeLocal = CodeExecution.UnsafeLocalOption();
    private readonly Option<double> _execTimeout = CodeExecution.TimeoutOption();

    private readonly Option<string?> _json = CommonOptions.Json();
    private readonly Option<string?> _markdown = CommonOptions.Markdown();
    private readonly Option<long> _seed = CommonOptions.Seed("Seed of the bootstrap intervals.");
    private readonly Option<string?> _idField = CommonOptions.IdField();
    private readonly Option<string> _missingIds = CommonOptions.MissingIds();
    private readonly Option<string[]> _responseFields = new("--response-field")
    {
        Description = "Read the answers from this field of each responses line instead of response/turns: a dotted path (solution.text) to a string or an array of strings (turns). Repeatable: a file with several model columns gives one source per field, compared side by side.",
        HelpName = "path",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _responseIdField = new("--response-id-field")
    {
        Description = "With --response-field: the field of each responses line holding the problem id.",
        DefaultValueFactory = _ => "id",
        HelpName = "field",
    };

    private readonly Option<string> _store = CommonOptions.Store();
    private readonly Option<string?> _runId = new("--run-id")
    {
        Description = "Id of the stored run (default: generated). The scored responses are stored as a run, so 'rethink report' and 'report --compare' read them.",
    };

    public ScoreCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("score", "Score answers produced elsewhere (logs you already have) and report the same metrics as eval.")
        {
            _dataset, _format, _responses, _json, _markdown, _seed, _store, _runId, _idField, _missingIds, _responseFields, _responseIdField, _k, _unsafeLocal, _execTimeout,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var targets = ReportTargets.Parse(_context, parse.GetValue(_json), parse.GetValue(_markdown));
        var formatName = parse.GetRequiredValue(_format);
        if (DatasetFormats.IsCode(formatName))
        {
            return await ScoreCodeAsync(parse, formatName, targets, cancellationToken).ConfigureAwait(false);
        }

        foreach (var option in new Option[] { _k, _unsafeLocal, _execTimeout })
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw CliException.Usage($"{option.Name} applies to the code formats ({string.Join(", ", DatasetFormats.CodeNames)}) only");
            }
        }

        var format = DatasetLoader.Format(formatName, CommonOptions.Mapping(parse.GetValue(_idField)));
        var kind = format.Kind;
        var (datasetPath, responsesPath, problems, responses) = LoadInputs(parse, format, (path, ids) => ReadResponses(parse, path, ids, cancellationToken), "responses", cancellationToken);

        var verifier = kind is { } k ? AnswerVerifiers.For(k) : ReferenceKindVerifier.Instance;
        var defaultSource = Path.GetFileNameWithoutExtension(responsesPath);
        var scored = new List<ScoredTrajectory>(responses.Items.Count);
        foreach (var record in responses.Items)
        {
            var problem = problems[record.ProblemId];
            var extractor = problem.Reference.Kind is AnswerKind.Numeric or AnswerKind.Choice or AnswerKind.Exact or AnswerKind.Regex
                ? AnswerExtractors.For(problem.Reference.Kind, problem.Reference.Choices)
                : LastLineAnswerExtractor.Instance;
            scored.Add(await ResponseScorer.ScoreAsync(problem, record.Source ?? defaultSource, record.Sample, record.Turns, verifier, extractor, cancellationToken)
                .ConfigureAwait(false));
        }

        var configuration = await ConfigurationAsync(parse, datasetPath, responsesPath, format, verifier.Name, new RunComponents(), cancellationToken).ConfigureAwait(false);
        return await StoreAndReportAsync(parse, configuration, scored, problems.Keys.ToList(), new ReportOptions { BootstrapSeed = unchecked((int)parse.GetValue(_seed)) }, targets, cancellationToken)
            .ConfigureAwait(false);
    }

    // Code formats: every sample runs against its task's tests through the execution verifier; the report adds
    // pass@k and per-task pass counts, and names the isolation level.
    private async Task<int> ScoreCodeAsync(ParseResult parse, string formatName, ReportTargets targets, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_responseFields) is { Length: > 0 })
        {
            throw CliException.Usage("--response-field applies to answer logs; the code formats read HumanEval's samples format (task_id, completion)");
        }

        var format = DatasetLoader.Format(formatName, CommonOptions.Mapping(parse.GetValue(_idField)));
        var (datasetPath, responsesPath, problems, samples) = LoadInputs(
            parse, format, (path, ids) => new CodeSamplesReader().Load(path, ids, cancellationToken), "samples", cancellationToken);

        var minSamples = samples.Items.GroupBy(r => r.ProblemId, StringComparer.Ordinal).Min(g => g.Count());
        var ks = parse.GetValue(_k) is { Length: > 0 } given
            ? given.Distinct().Order().ToList()
            : new[] { 1, 10, 100 }.Where(k => k <= minSamples).ToList();
        if (ks.Any(k => k < 1))
        {
            throw CliException.Usage("--k must be at least 1");
        }

        var executor = CodeExecution.Create(_context, parse.GetValue(_unsafeLocal));
        try
        {
            var verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(parse.GetValue(_execTimeout)) });
            var source = Path.GetFileNameWithoutExtension(responsesPath);
            var scored = new ScoredTrajectory[samples.Items.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, samples.Items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var record = samples.Items[i];
                    scored[i] = await ResponseScorer.ScoreAsync(problems[record.ProblemId], source, record.Sample, record.Turns, verifier, CodeAnswerExtractor.Instance, ct)
                        .ConfigureAwait(false);
                }).ConfigureAwait(false);

            var components = new RunComponents
            {
                CodeIsolation = executor.Isolation,
                CodeTimeoutSeconds = parse.GetValue(_execTimeout),
                Others = new Dictionary<string, string>(StringComparer.Ordinal) { [RunReports.PassAtKComponent] = string.Join(',', ks) },
            };
            var configuration = await ConfigurationAsync(parse, datasetPath, responsesPath, format, verifier.Name, components, cancellationToken).ConfigureAwait(false);
            var options = new ReportOptions { BootstrapSeed = unchecked((int)parse.GetValue(_seed)), PassAtK = ks };
            var code = await StoreAndReportAsync(parse, configuration, scored, problems.Keys.ToList(), options, targets, cancellationToken).ConfigureAwait(false);
            _context.WriteHint(string.Create(CultureInfo.InvariantCulture, $"scored {scored.Length} sample(s) of {problems.Count} task(s) by running their tests ({executor.Isolation})"));
            return code;
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
    // Both paths read the dataset and the answers file alike; a malformed or empty answers file is a usage error naming it.
    private (string DatasetPath, string ResponsesPath, Dictionary<string, Problem> Problems, DatasetLoadResult<ResponseRecord> Responses) LoadInputs(
        ParseResult parse,
        IDatasetFormat format,
        Func<string, HashSet<string>, DatasetLoadResult<ResponseRecord>> readResponses,
        string noun,
        CancellationToken cancellationToken)
    {
        var datasetPath = DatasetLoader.RequireFile(_context, parse.GetRequiredValue(_dataset), "--dataset");
        var responsesOption = parse.GetRequiredValue(_responses);
        var responsesPath = DatasetLoader.RequireFile(_context, responsesOption, "--responses");
        var problems = DatasetLoader.Load(_context, datasetPath, format, skipBadLines: false, cancellationToken, CommonOptions.MissingIdPolicy(parse.GetRequiredValue(_missingIds)))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);

        DatasetLoadResult<ResponseRecord> responses;
        try
        {
            responses = readResponses(responsesPath, problems.Keys.ToHashSet(StringComparer.Ordinal));
        }
        catch (DatasetException e)
        {
            throw CliException.Usage(e.Error.ToString());
        }
        catch (InvalidDataException e)
        {
            throw CliException.Usage($"{responsesOption}: {e.Message}");
        }

        if (responses.Items.Count == 0)
        {
            throw CliException.Usage($"{responsesOption}: no {noun} to score");
        }

        return (datasetPath, responsesPath, problems, responses);
    }

    // The standard layout, or one pass per --response-field: each field is a source of its own.
    private DatasetLoadResult<ResponseRecord> ReadResponses(ParseResult parse, string path, HashSet<string> ids, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_responseFields) is not { Length: > 0 } fields)
        {
            return new ResponsesReader().Load(path, ids, cancellationToken);
        }

        var records = new List<ResponseRecord>();
        var errors = new List<DatasetError>();
        foreach (var field in fields.Distinct(StringComparer.Ordinal))
        {
            ResponsesReader reader;
            try
            {
                reader = new ResponsesReader(mapping: new ResponseFieldMapping(field) { IdField = parse.GetRequiredValue(_responseIdField) });
            }
            catch (ArgumentException e)
            {
                throw CliException.Usage("--response-field: " + e.Message);
            }

            var loaded = reader.Load(path, ids, cancellationToken);
            records.AddRange(loaded.Items);
            errors.AddRange(loaded.Errors);
        }

        return new DatasetLoadResult<ResponseRecord>(records, errors);
    }

    // The run's identity: the responses file by name and content (a changed file is another run's data), the dataset,
    // the verifier and, for code, the isolation and limits.
    private async Task<RunConfiguration> ConfigurationAsync(
        ParseResult parse, string datasetPath, string responsesPath, IDatasetFormat format, string verifier, RunComponents components, CancellationToken cancellationToken)
    {
        var responses = await DatasetDescription.FromFileAsync(responsesPath, "responses", cancellationToken).ConfigureAwait(false);
        return new RunConfiguration
        {
            Model = new ModelDescription("external", Path.GetFileName(responsesPath)) { Digest = responses.Sha256 },
            ScoringVerifier = verifier,
            Dataset = await DatasetDescription.FromFileAsync(datasetPath, format.Name, cancellationToken).ConfigureAwait(false),
            Seed = parse.GetValue(_seed),
            Components = components.ToDictionary(),
        };
    }

    private async Task<int> StoreAndReportAsync(
        ParseResult parse,
        RunConfiguration configuration,
        IReadOnlyList<ScoredTrajectory> scored,
        IReadOnlyList<string> problemOrder,
        ReportOptions options,
        ReportTargets targets,
        CancellationToken cancellationToken)
    {
        var storeOption = parse.StoreOf(_store, _context);
        await using var store = await RunStores.OpenAsync(_context.Host.ResolvePath(storeOption), cancellationToken).ConfigureAwait(false);
        RunInfo info;
        try
        {
            info = await ScoredRuns.SaveAsync(store, configuration, scored, problemOrder, parse.GetValue(_runId), _context.Scrubber, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw CliException.Usage($"cannot store the scored run in {storeOption}: {e.Message}");
        }

        var stored = await store.LoadConfigurationAsync(info.Id, cancellationToken).ConfigureAwait(false);
        Report report;
        try
        {
            report = new ReportBuilder(options).Build(scored, RunReports.Metadata(info.Id, stored, new RunCompletion(RunStatus.Completed, scored.Count, scored.Count)));
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }

        await RunReports.WriteAsync(_context, report, targets, cancellationToken).ConfigureAwait(false);
        _context.WriteHint($"stored as run {info.Id} in {storeOption}: 'rethink report {info.Id} --store {storeOption}' prints this report again, '--compare' sets it against another run, '--per-sample FILE' writes every verdict");
        return ExitCodes.Success;
    }
}
