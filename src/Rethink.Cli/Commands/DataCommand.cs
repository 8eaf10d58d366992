using System.CommandLine;
using System.Globalization;
using Rethink.Cli.Output;
using Rethink.Data;
using Rethink.Evaluation.Datasets;

namespace Rethink.Cli.Commands;

/// <summary>
/// <c>rethink data</c>: look at data files. <c>stats FILE</c> summarises an exported file (any of the export formats);
/// <c>ids --dataset F --format X</c> lists the ids a dataset's problems get, as every command reads them.
/// </summary>
internal sealed class DataCommand(CliContext context)
{
    private readonly Argument<string> _file = new("file") { Description = "An exported file (openai, trl, jsonl or parquet)." };
    private readonly Option<string> _dataset = CommonOptions.Dataset();
    private readonly Option<string> _format = CommonOptions.Format("The dataset format: gsm8k, math, mc, jsonl, humaneval or mbpp.");
    private readonly Option<string?> _idField = CommonOptions.IdField();
    private readonly Option<string> _missingIds = CommonOptions.MissingIds();

    public Command Build()
    {
        var stats = new Command("stats", "Counts, lengths, label balance and provenance of an exported training file.") { _file };
        stats.SetAction(StatsAsync);
        var ids = new Command("ids", "List the id of every problem of a dataset (assigned ones included), with the start of its question.")
        {
            _dataset, _format, _idField, _missingIds,
        };
        ids.SetAction(Ids);
        return new Command("data", "Inspect datasets and exported training data.") { stats, ids };
    }

    private async Task<int> StatsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var path = DatasetLoader.RequireFile(context, parse.GetRequiredValue(_file), "file");
        DatasetStatistics stats;
        try
        {
            stats = await DatasetStats.ComputeAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or NotSupportedException)
        {
            throw CliException.Usage($"{parse.GetRequiredValue(_file)}: {e.Message}");
        }

        var o = context.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {stats.Records} record(s), format {stats.Format}{(stats.HasProvenance ? string.Empty : ", no provenance")}"));
        Table(o, "kind", stats.Kinds);
        Table(o, "label", stats.Labels);
        o.WriteLine();
        var lengths = new List<string[]> { new[] { "characters", "count", "min", "median", "mean", "max" } };
        foreach (var (name, summary) in new[] { ("prompt", stats.PromptChars), ("target", stats.TargetChars), ("rejected", stats.RejectedChars) })
        {
            if (summary.Count > 0)
            {
                lengths.Add([name, Invariant(summary.Count), Invariant(summary.Min), Invariant(summary.Median), summary.Mean.ToString("0.0", CultureInfo.InvariantCulture), Invariant(summary.Max)]);
            }
        }

        TextTable.Write(o, lengths);
        if (stats.HasProvenance)
        {
            Table(o, "run", stats.Runs);
            Table(o, "model", stats.Models);
            Table(o, "strategy", stats.Strategies);
        }

        return ExitCodes.Success;
    }

    private int Ids(ParseResult parse)
    {
        var format = DatasetLoader.Format(parse.GetRequiredValue(_format), CommonOptions.Mapping(parse.GetValue(_idField)));
        var path = DatasetLoader.RequireFile(context, parse.GetRequiredValue(_dataset), "--dataset");
        var problems = DatasetLoader.Load(context, path, format, skipBadLines: false, CancellationToken.None, CommonOptions.MissingIdPolicy(parse.GetRequiredValue(_missingIds)));
        var rows = new List<string[]> { new[] { "id", "question" } };
        rows.AddRange(problems.Select(p => new[] { p.Id, Start(p.Question) }));
        TextTable.Write(context.Out, rows);
        context.WriteHint(string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problem(s); ids as eval, score and export use them"));
        return ExitCodes.Success;
    }

    private static void Table(TextWriter o, string heading, IReadOnlyDictionary<string, int> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }

        o.WriteLine();
        var rows = new List<string[]> { new[] { heading, "records" } };
        rows.AddRange(counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, Invariant(kv.Value) }));
        TextTable.Write(o, rows);
    }

    private static string Start(string question)
    {
        var line = question.ReplaceLineEndings(" ").Trim();
        return TerminalText.Sanitize(line.Length <= 70 ? line : line[..67] + "...");
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
