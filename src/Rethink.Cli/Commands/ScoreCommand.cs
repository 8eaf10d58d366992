using System.CommandLine;
using Rethink.Core;
using Rethink.Evaluation.Datasets;
using Rethink.Evaluation.Reports;
using Rethink.Verifiers;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink score</c>: score answers produced elsewhere and report the same metrics as <c>eval</c>.</summary>
internal sealed class ScoreCommand
{
    private readonly CliContext _context;
    private readonly Option<string> _dataset = CommonOptions.Dataset();
    private readonly Option<string> _format = CommonOptions.Format();
    private readonly Option<string> _responses = new("--responses", "-r")
    {
        Description = "JSONL, one line per problem and sample: {\"id\", \"response\"} or {\"id\", \"turns\": [...]} (answers in order).",
        Required = true,
        HelpName = "file",
    };

    private readonly Option<string?> _json = CommonOptions.Json();
    private readonly Option<string?> _markdown = CommonOptions.Markdown();
    private readonly Option<long> _seed = CommonOptions.Seed("Seed of the bootstrap intervals.");

    public ScoreCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("score", "Score answers produced elsewhere (logs you already have) and report the same metrics as eval.")
        {
            _dataset, _format, _responses, _json, _markdown, _seed,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var formatName = parse.GetRequiredValue(_format);
        var format = DatasetLoader.Format(formatName);
        var kind = FormatKinds.KindOf(formatName);
        var datasetOption = parse.GetRequiredValue(_dataset);
        var datasetPath = DatasetLoader.RequireFile(_context, datasetOption, "--dataset");
        var responsesOption = parse.GetRequiredValue(_responses);
        var responsesPath = DatasetLoader.RequireFile(_context, responsesOption, "--responses");
        var problems = DatasetLoader.Load(_context, datasetPath, format, skipBadLines: false, cancellationToken)
            .ToDictionary(p => p.Id, StringComparer.Ordinal);

        DatasetLoadResult<ResponseRecord> responses;
        try
        {
            responses = new ResponsesReader().Load(responsesPath, problems.Keys.ToHashSet(StringComparer.Ordinal), cancellationToken);
        }
        catch (DatasetException e)
        {
            throw CliException.Usage(e.Error.ToString());
        }

        if (responses.Items.Count == 0)
        {
            throw CliException.Usage($"{responsesOption}: no responses to score");
        }

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

        var metadata = new RunMetadata(
            "score:" + Path.GetFileName(responsesPath),
            "external (" + Path.GetFileName(responsesPath) + ")",
            Path.GetFileName(datasetPath) + " (" + format.Name + ")")
        {
            ScoringVerifier = verifier.Name,
        };
        Report report;
        try
        {
            report = RunReports.Builder(parse.GetValue(_seed)).Build(scored, metadata);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }

        await RunReports.WriteAsync(_context, report, parse.GetValue(_json), parse.GetValue(_markdown), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
