using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Rethink.Cli.Commands;

/// <summary>Option factories shared by several commands, so the same option reads the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "The model: openai:<model>@<base-url> or ollama:<model>[@<url>]. The API key comes from RETHINK_API_KEY (or OPENAI_API_KEY).",
        Required = true,
    };

    public static Option<string?> CriticModel() => new("--critic-model")
    {
        HelpName = "model",
        Description = "A different model for critiques (same syntax as --model); by default the model critiques itself.",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "A strategy setting, key=value (repeatable), e.g. --set max_rounds=3.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "key=value",
    };

    public static Option<float> Temperature() => new("--temperature")
    {
        Description = "Sampling temperature for first answers (multi-sample strategies use their own).",
        HelpName = "t",
        DefaultValueFactory = _ => 0f,
    };

    public static Option<int?> MaxOutputTokens() => new("--max-output-tokens")
    {
        Description = "Maximum tokens per model reply.",
        HelpName = "n",
    };

    public static Option<long?> MaxTokensPerProblem() => new("--max-tokens-per-problem")
    {
        Description = "Token budget per problem (input + output, every role); the strategy stops with reason 'budget'.",
        HelpName = "n",
    };

    public static Option<double> Timeout() => new("--timeout")
    {
        Description = "Time limit per problem, in seconds.",
        DefaultValueFactory = _ => 300d,
        HelpName = "seconds",
    };

    public static Option<int> Retries() => new("--retries")
    {
        Description = "Retries of a failed request (connect failure, reset or cut-off response, stalled body, 408, 429, 500, 502-504); the only retry layer.",
        DefaultValueFactory = _ => 3,
        HelpName = "n",
    };

    public static Option<long> Seed(string description = "Base seed for sampling and for the bootstrap.") => new("--seed")
    {
        Description = description,
        DefaultValueFactory = _ => 0L,
    };

    public static Option<string?> Json() => new("--json")
    {
        Description = "Also write the report as JSON to this file ('-': standard output, the text report then goes to standard error).",
        HelpName = "file",
    };

    public static Option<string?> Markdown() => new("--markdown")
    {
        Description = "Also write the report as Markdown to this file ('-': standard output, the text report then goes to standard error).",
        HelpName = "file",
    };

    /// <summary>The environment variable naming the run store when --store is not given.</summary>
    public const string StoreVariable = "RETHINK_STORE";

    /// <summary>The run store's file when neither --store nor RETHINK_STORE names one.</summary>
    public const string DefaultStore = "rethink-runs.db";

    public static Option<string> Store() => new("--store")
    {
        Description = "The SQLite run store [default: $RETHINK_STORE, else rethink-runs.db in the current directory].",
        HelpName = "file",
    };

    /// <summary>The run store a command uses: --store, else RETHINK_STORE, else rethink-runs.db (relative to the working directory).</summary>
    public static string StoreOf(this ParseResult parse, Option<string> store, CliContext context) =>
        parse.GetValue(store) is { Length: > 0 } given
            ? given
            : context.Host.GetEnvironmentVariable(StoreVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultStore;

    public static Option<string> Dataset(bool required = true) => new("--dataset", "-d")
    {
        Description = "The dataset file (JSONL).",
        Required = required,
        HelpName = "file",
    };

    public static Option<string> Format(string description = "The dataset format: gsm8k, math, mc or jsonl.") => new("--format", "-f")
    {
        Description = description,
        Required = true,
    };

    /// <summary>Parses <c>--set key=value</c> items into an ordinal dictionary; a malformed item is a usage error.</summary>
    public static Option<string?> IdField() => new("--id-field")
    {
        Description = "The dataset field holding each problem's id (default: id; the code formats read task_id).",
        HelpName = "field",
    };

    public static Option<string> MissingIds() => new Option<string>("--missing-ids")
    {
        Description = "How a problem without an id is named. hash: h- and a hash of its question and answer (stable when lines move); line-number: line-N.",
        DefaultValueFactory = _ => "hash",
        HelpName = "policy",
    }.AcceptOnlyFromAmong("hash", "line-number");

    /// <summary>The field mapping that --id-field asks for (null: the format's default).</summary>
    public static Evaluation.Datasets.FieldMapping? Mapping(string? idField) =>
        idField is null ? null : new Evaluation.Datasets.FieldMapping { IdField = idField };

    /// <summary>The policy a --missing-ids value names.</summary>
    public static Evaluation.Datasets.MissingIdPolicy MissingIdPolicy(string value) =>
        value == "line-number" ? Evaluation.Datasets.MissingIdPolicy.LineNumber : Evaluation.Datasets.MissingIdPolicy.ContentHash;

    public static IReadOnlyDictionary<string, string> ParseSettings(IEnumerable<string>? items)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw CliException.Usage($"--set '{item}' is not key=value");
            }

            settings[item[..eq].Trim()] = item[(eq + 1)..].Trim();
        }

        return settings;
    }

    /// <summary>Splits <c>a,b , c</c> into names, dropping empties and duplicates while keeping the order.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Adds a validator requiring a value of at least <paramref name="minimum"/>.</summary>
    public static T AtLeast<T>(this T option, double minimum)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (token is not null && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum.ToString(CultureInfo.InvariantCulture)} (got {token})");
            }
        });
        return option;
    }
}
