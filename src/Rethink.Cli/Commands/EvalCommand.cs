using System.CommandLine;
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

    private Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        _ = parse;
        _ = cancellationToken;
        _ = _context;
        throw new CliException(ExitCodes.Unexpected, "eval is not wired yet");
    }
}
