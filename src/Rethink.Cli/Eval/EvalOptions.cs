using System.CommandLine;
using Rethink.Cli.Commands;
using Rethink.Lab.Evaluation;
using Rethink.Providers;
using Rethink.Strategies;

namespace Rethink.Cli.Eval;

/// <summary>The options of <c>rethink eval</c>, in the order its help lists them. Parsed once into <see cref="EvalSettings"/>.</summary>
internal sealed class EvalOptions
{
    public readonly Option<string?> Dataset = new("--dataset", "-d")
    {
        Description = "The dataset file (JSONL). Without it: the lab suite (held-out lab problems, scored exactly).",
        HelpName = "file",
    };

    public readonly Option<string?> Format = new("--format", "-f")
    {
        Description = "The dataset format: gsm8k, math, mc, jsonl, or the code formats humaneval and mbpp (required with --dataset).",
    };

    public readonly Option<string?> Strategy = new("--strategy", "-s")
    {
        Description = "Strategies to run, comma separated (e.g. direct,reask), from: " + string.Join(", ", StrategyCatalog.Names) + ". Required with --dataset; the lab suite defaults to " + string.Join(",", LabEvaluation.DefaultStrategies) + ".",
    };

    public readonly Option<string?> Model = new("--model", "-m")
    {
        Description = "The model: " + ModelProviders.SupportedSyntax + ". Required with --dataset; the lab suite defaults to the shipped lab models (" + string.Join(", ", LabEvaluation.DefaultModels) + "), one run each.",
        HelpName = "model",
    };

    public readonly Option<int> LabPerCell = new Option<int>("--lab-per-cell")
    {
        HelpName = "n",
        Description = "Lab suite only: problems per family/difficulty cell (11 cells).",
        DefaultValueFactory = _ => 10,
    }.AtLeast(1);
    public readonly Option<string> LabAnswers = new Option<string>("--lab-answers")
    {
        HelpName = "source",
        Description = "Lab suite only: who writes the first answer. model: the model under test; gold: the worked solution; "
            + "flawed: the worked solution with an error injected at a random step; mixed: gold or flawed, half each. "
            + "Given answers make the run a critique evaluation: the critic-quality table scores the critic on answers whose "
            + "correctness is known, and the transitions show what the correction kept and fixed.",
        DefaultValueFactory = _ => "model",
    }.AcceptOnlyFromAmong(LabEvaluation.AnswerSources.ToArray());

    public readonly Option<string> LabSplit = new Option<string>("--lab-split")
    {
        HelpName = "split",
        Description = "Lab suite only: held-out (the problems scores are measured on; no training data may hold them) or practice (another stream of the same cells, without any held-out question: run it to make training data with rethink export).",
        DefaultValueFactory = _ => "held-out",
    }.AcceptOnlyFromAmong(LabEvaluation.Splits.ToArray());

    public readonly Option<string?> CriticModel = CommonOptions.CriticModel();
    public readonly Option<int> Samples = new Option<int>("--samples")
    {
        HelpName = "n",
        Description = "Trajectories per problem and strategy (the S of Confidence-vs-Critique).",
        DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        HelpName = "n",
        Description = "Problems in flight at once.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    public readonly Option<double> Timeout = CommonOptions.Timeout().AtLeast(0.001);
    public readonly Option<long?> MaxTokens = CommonOptions.MaxTokensPerProblem().AtLeast(1);
    public readonly Option<long?> BudgetTokens = new Option<long?>("--budget-tokens")
    {
        HelpName = "n",
        Description = "Token budget for the whole run; when it runs out the run stops and can be resumed.",
    }.AtLeast(1);

    public readonly Option<decimal?> PriceIn = new Option<decimal?>("--price-in")
    {
        HelpName = "price",
        Description = "Price per million input tokens (for cost figures and --budget-cost).",
    }.AtLeast(0);

    public readonly Option<decimal?> PriceOut = new Option<decimal?>("--price-out")
    {
        HelpName = "price",
        Description = "Price per million output tokens.",
    }.AtLeast(0);

    public readonly Option<decimal?> BudgetCost = new Option<decimal?>("--budget-cost")
    {
        HelpName = "amount",
        Description = "Cost budget for the whole run (needs --price-in and --price-out).",
    }.AtLeast(0);

    public readonly Option<string[]> Set = CommonOptions.Set();
    public readonly Option<bool> FeedbackVerifier = new("--feedback-verifier")
    {
        Description = "Hand the scoring verifier to the strategies as feedback (oracle-assisted; the report says so).",
    };

    public readonly Option<string> Store = CommonOptions.Store();
    public readonly Option<string?> RunId = new("--run-id")
    {
        Description = "Id for the new run (default: generated). With several strategies, each run gets '<id>-<strategy>'.",
    };

    public readonly Option<string?> Resume = new("--resume")
    {
        Description = "Resume this run: finished problems are skipped; a changed configuration is refused.",
        HelpName = "run",
    };

    public readonly Option<string?> Json = CommonOptions.Json();
    public readonly Option<string?> Markdown = CommonOptions.Markdown();
    public readonly Option<string> OnError = new Option<string>("--on-error")
    {
        Description = "What a failed problem or malformed dataset line does: stop the run, or skip it and go on.",
        DefaultValueFactory = _ => "stop",
    }.AcceptOnlyFromAmong("stop", "skip");

    public readonly Option<int?> Limit = new Option<int?>("--limit", "-n")
    {
        HelpName = "n",
        Description = "Use only the first N problems of the dataset.",
    }.AtLeast(1);

    public readonly Option<bool> UnsafeLocal = CodeExecution.UnsafeLocalOption();
    public readonly Option<double> ExecTimeout = CodeExecution.TimeoutOption();
    public readonly Option<long> Seed = CommonOptions.Seed();
    public readonly Option<float> Temperature = CommonOptions.Temperature();
    public readonly Option<float?> SampleTemperature = new("--sample-temperature")
    {
        Description = "Temperature of the samples that multi-sample strategies draw (self-consistency, best-of-n). [default: 0.7]",
        HelpName = "t",
    };

    public readonly Option<int?> MaxOutputTokens = CommonOptions.MaxOutputTokens().AtLeast(1);
    public readonly Option<int> Retries = CommonOptions.Retries().AtLeast(0);

    /// <summary>Every option, in help order.</summary>
    public IReadOnlyList<Option> All =>
    [
        Dataset, Format, Strategy, Model, CriticModel, Samples, Concurrency, Timeout, MaxTokens, BudgetTokens,
        PriceIn, PriceOut, BudgetCost, Set, FeedbackVerifier, Store, RunId, Resume, Json, Markdown, OnError,
        Limit, Seed, Temperature, SampleTemperature, MaxOutputTokens, Retries, LabPerCell, LabAnswers, LabSplit, UnsafeLocal, ExecTimeout,
    ];

    /// <summary>With a dataset, eval needs to know its format, strategies and model; without one it runs the lab suite.</summary>
    public void Validate(System.CommandLine.Parsing.CommandResult result)
    {
        if (result.GetResult(Dataset) is null)
        {
            return;
        }

        foreach (var option in new Option[] { Format, Strategy, Model })
        {
            if (result.GetResult(option) is null)
            {
                result.AddError($"Option '{option.Name}' is required with --dataset.");
                return;
            }
        }
    }
}
