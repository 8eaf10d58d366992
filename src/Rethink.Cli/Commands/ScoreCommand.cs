using System.CommandLine;

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
    private readonly Option<long> _seed = CommonOptions.Seed();

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

    private Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        _ = parse;
        _ = cancellationToken;
        _ = _context;
        throw new CliException(ExitCodes.Unexpected, "score is not wired yet");
    }
}
