using System.CommandLine;
using System.Globalization;
using Rethink.Cli.Commands;

namespace Rethink.Cli.Eval;

/// <summary>
/// What <c>rethink eval</c> was asked, parsed once from the command line, with the checks that need neither a file
/// nor a model already made (conflicting options, value ranges). Immutable.
/// </summary>
internal sealed record EvalSettings
{
    public string? Dataset { get; init; }

    public string? Format { get; init; }

    public string? Strategies { get; init; }

    public string? Model { get; init; }

    public string? CriticModel { get; init; }

    public int Samples { get; init; }

    public int Concurrency { get; init; }

    public TimeSpan ProblemTimeout { get; init; }

    public long? MaxTokensPerProblem { get; init; }

    public long? BudgetTokens { get; init; }

    public decimal? PriceIn { get; init; }

    public decimal? PriceOut { get; init; }

    public decimal? BudgetCost { get; init; }

    /// <summary>The <c>--set</c> strategy settings.</summary>
    public required IReadOnlyDictionary<string, string> StrategySettings { get; init; }

    public bool FeedbackVerifier { get; init; }

    public required string Store { get; init; }

    public string? RunId { get; init; }

    public string? Resume { get; init; }

    public string? Json { get; init; }

    public string? Markdown { get; init; }

    /// <summary><c>--on-error skip</c>: bad lines are skipped and failed problems stored as failures.</summary>
    public bool SkipErrors { get; init; }

    public int? Limit { get; init; }

    public long Seed { get; init; }

    public float Temperature { get; init; }

    public float? SampleTemperature { get; init; }

    public int? MaxOutputTokens { get; init; }

    public int Retries { get; init; }

    public int LabPerCell { get; init; }

    public required string LabAnswers { get; init; }

    /// <summary>True when <c>--lab-answers</c> was given on the command line (not just its default).</summary>
    public bool LabAnswersGiven { get; init; }

    public required string LabSplit { get; init; }

    /// <summary>True when <c>--lab-split</c> was given on the command line.</summary>
    public bool LabSplitGiven { get; init; }

    public bool UnsafeLocalExec { get; init; }

    public double ExecTimeoutSeconds { get; init; }

    public static EvalSettings Parse(ParseResult parse, EvalOptions o, CliContext context)
    {
        var settings = new EvalSettings
        {
            Dataset = parse.GetValue(o.Dataset),
            Format = parse.GetValue(o.Format),
            Strategies = parse.GetValue(o.Strategy),
            Model = parse.GetValue(o.Model),
            CriticModel = parse.GetValue(o.CriticModel),
            Samples = parse.GetValue(o.Samples),
            Concurrency = parse.GetValue(o.Concurrency),
            ProblemTimeout = TimeSpan.FromSeconds(parse.GetValue(o.Timeout)),
            MaxTokensPerProblem = parse.GetValue(o.MaxTokens),
            BudgetTokens = parse.GetValue(o.BudgetTokens),
            PriceIn = parse.GetValue(o.PriceIn),
            PriceOut = parse.GetValue(o.PriceOut),
            BudgetCost = parse.GetValue(o.BudgetCost),
            StrategySettings = CommonOptions.ParseSettings(parse.GetValue(o.Set)),
            FeedbackVerifier = parse.GetValue(o.FeedbackVerifier),
            Store = parse.StoreOf(o.Store, context),
            RunId = parse.GetValue(o.RunId),
            Resume = parse.GetValue(o.Resume),
            Json = parse.GetValue(o.Json),
            Markdown = parse.GetValue(o.Markdown),
            SkipErrors = parse.GetValue(o.OnError) == "skip",
            Limit = parse.GetValue(o.Limit),
            Seed = parse.GetValue(o.Seed),
            Temperature = parse.GetValue(o.Temperature),
            SampleTemperature = parse.GetValue(o.SampleTemperature),
            MaxOutputTokens = parse.GetValue(o.MaxOutputTokens),
            Retries = parse.GetValue(o.Retries),
            LabPerCell = parse.GetValue(o.LabPerCell),
            LabAnswers = parse.GetValue(o.LabAnswers) ?? "model",
            LabAnswersGiven = parse.GetResult(o.LabAnswers) is { Implicit: false },
            LabSplit = parse.GetValue(o.LabSplit) ?? "held-out",
            LabSplitGiven = parse.GetResult(o.LabSplit) is { Implicit: false },
            UnsafeLocalExec = parse.GetValue(o.UnsafeLocal),
            ExecTimeoutSeconds = parse.GetValue(o.ExecTimeout),
        };
        settings.Check();
        return settings;
    }

    private void Check()
    {
        if (Resume is not null && RunId is not null)
        {
            throw CliException.Usage("--run-id and --resume cannot be combined (--resume continues an existing run under its own id)");
        }

        if (SampleTemperature is { } st && !(st >= 0 && st <= 2))
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--sample-temperature must be between 0 and 2, not {st}"));
        }

        if (BudgetCost is not null && (PriceIn is null || PriceOut is null))
        {
            throw CliException.Usage("--budget-cost needs --price-in and --price-out");
        }
    }
}
