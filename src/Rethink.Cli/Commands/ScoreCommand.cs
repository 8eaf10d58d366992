using System.CommandLine;
using System.Globalization;
using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Evaluation.Datasets;
using Rethink.Evaluation.Reports;
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

    public ScoreCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("score", "Score answers produced elsewhere (logs you already have) and report the same metrics as eval.")
        {
            _dataset, _format, _responses, _json, _markdown, _seed, _k, _unsafeLocal, _execTimeout,
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

        var format = DatasetLoader.Format(formatName);
        var kind = format.Kind;
        var (datasetPath, responsesPath, problems, responses) = LoadInputs(
            parse, format, (path, ids) => new ResponsesReader().Load(path, ids, cancellationToken), "responses", cancellationToken);

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

        var metadata = Metadata(datasetPath, responsesPath, format) with { ScoringVerifier = verifier.Name };
        Report report;
        try
        {
            report = RunReports.Builder(parse.GetValue(_seed)).Build(scored, metadata);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }

        await RunReports.WriteAsync(_context, report, targets, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    // Code formats: every sample runs against its task's tests through the execution verifier; the report adds
    // pass@k and per-task pass counts, and names the isolation level.
    private async Task<int> ScoreCodeAsync(ParseResult parse, string formatName, ReportTargets targets, CancellationToken cancellationToken)
    {
        var format = DatasetLoader.Format(formatName);
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

            var metadata = Metadata(datasetPath, responsesPath, format) with { ScoringVerifier = verifier.Name, CodeExecution = executor.Isolation };
            var options = new ReportOptions { BootstrapSeed = unchecked((int)parse.GetValue(_seed)), PassAtK = ks };
            var report = new ReportBuilder(options).Build(scored, metadata);
            await RunReports.WriteAsync(_context, report, targets, cancellationToken).ConfigureAwait(false);
            _context.WriteHint(string.Create(CultureInfo.InvariantCulture, $"scored {scored.Length} sample(s) of {problems.Count} task(s) by running their tests ({executor.Isolation})"));
            return ExitCodes.Success;
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
        var problems = DatasetLoader.Load(_context, datasetPath, format, skipBadLines: false, cancellationToken)
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

    private static RunMetadata Metadata(string datasetPath, string responsesPath, IDatasetFormat format) => new(
        "score:" + Path.GetFileName(responsesPath),
        "external (" + Path.GetFileName(responsesPath) + ")",
        Path.GetFileName(datasetPath) + " (" + format.Name + ")");
}
