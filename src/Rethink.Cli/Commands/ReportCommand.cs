using System.CommandLine;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink report</c>: recompute a run's report from the store, or compare two runs.</summary>
internal sealed class ReportCommand
{
    private readonly CliContext _context;
    private readonly Argument<string?> _run = new("run")
    {
        Description = "The run id (omit to list the runs in the store).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _compare = new("--compare")
    {
        Description = "Compare with this run on the problems both finished (exact McNemar test, paired bootstrap 95% interval).",
        HelpName = "run",
    };

    private readonly Option<string> _store = CommonOptions.Store();
    private readonly Option<string?> _json = CommonOptions.Json();
    private readonly Option<string?> _markdown = CommonOptions.Markdown();
    private readonly Option<long> _seed = CommonOptions.Seed();

    public ReportCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("report", "Recompute a run's report from the run store, or compare two runs.")
        {
            _run, _compare, _store, _json, _markdown, _seed,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        _ = parse;
        _ = cancellationToken;
        _ = _context;
        throw new CliException(ExitCodes.Unexpected, "report is not wired yet");
    }
}
