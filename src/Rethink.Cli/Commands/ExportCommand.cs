using System.CommandLine;
using System.Globalization;
using Rethink.Cli.Output;
using Rethink.Data;
using Rethink.Evaluation.Datasets;

namespace Rethink.Cli.Commands;

/// <summary>
/// <c>rethink export RUN[,RUN...] --kind KIND --format FORMAT --out FILE</c>: stored runs become training records of
/// one kind in one format, every record with its provenance, every dropped one counted under its reason.
/// </summary>
internal sealed class ExportCommand(CliContext context)
{
    private readonly Argument<string> _runs = new("runs")
    {
        Description = "The run ids to export, comma separated (see 'rethink report' for the list).",
    };

    private readonly Option<string> _kind = new Option<string>("--kind", "-k")
    {
        Description = "What each record is. sft: final answers the scoring verifier accepted; correction: two-turn corrections (first answer, the correction prompt, the corrected answer) that ended right, labelled critique_score (wrong to right) and confidence_level (right to right); preference: chosen/rejected pairs (a corrected answer over its wrong first answer, a verified sample over a wrong one, judge-ranked pairs); critique: a critic's verdict on an answer with the verifier's label; judgement: judge inputs and outputs with gold agreement.",
        Required = true,
    }.AcceptOnlyFromAmong(ExportKind.All.ToArray());

    private readonly Option<string> _format = new Option<string>("--format", "-f")
    {
        Description = "openai (chat fine-tuning JSONL; DPO for preference), trl (TRL conversational: messages, prompt/completion, prompt/chosen/rejected, or prompt/completion/label), jsonl (Rethink's records with every field and the provenance; schema in src/Rethink.Data/Schemas), parquet (as the Hugging Face datasets library reads it).",
        DefaultValueFactory = _ => ExportFormat.Jsonl,
    }.AcceptOnlyFromAmong(ExportFormat.All.ToArray());

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = "The file to write ('-' is standard output, for the text formats).",
        Required = true,
        HelpName = "file",
    };

    private readonly Option<string> _store = CommonOptions.Store();
    private readonly Option<bool> _firstTryOnly = new("--first-try-only") { Description = "sft: only answers that were right the first time." };
    private readonly Option<bool> _noRetries = new("--no-corrected-retries") { Description = "sft: leave out final answers that were right only after a correction." };
    private readonly Option<string> _confidenceShare = new("--confidence-share")
    {
        Description = "correction: the share of right-to-right records among those written (0 to 1, or 'none' to keep every record as built). [default: 0.4]",
        HelpName = "share",
    };

    private readonly Option<bool> _allPairs = new("--all-pairs") { Description = "preference: every verified (right, wrong) pair of a problem's samples, not one per problem." };
    private readonly Option<double> _minMargin = new Option<double>("--min-margin") { Description = "preference: the least judge margin a judged pair needs.", HelpName = "margin" }.AtLeast(0);
    private readonly Option<bool> _onlyAgreeing = new("--only-agreeing") { Description = "critique, judgement: only records whose verdict agrees with the gold label." };
    private readonly Option<bool> _requireGold = new("--require-gold") { Description = "judgement: only judgements of pairs with a gold label." };
    private readonly Option<bool> _noDedupe = new("--no-dedupe") { Description = "Keep records whose normalised prompt and answer repeat an earlier one." };
    private readonly Option<int> _minChars = new Option<int>("--min-chars") { Description = "Drop records whose target is shorter (characters).", DefaultValueFactory = _ => 1, HelpName = "n" }.AtLeast(0);
    private readonly Option<int?> _maxChars = new Option<int?>("--max-chars") { Description = "Drop records longer than this in all (characters).", HelpName = "n" }.AtLeast(1);
    private readonly Option<string[]> _leakCheck = new("--leak-check")
    {
        Description = "An evaluation dataset the records must not contain, FORMAT:FILE (repeatable), e.g. gsm8k:test.jsonl: prompts equal to one of its questions after normalisation are dropped (and, for prompts of 50 words or more, those sharing a 13-word sequence).",
        HelpName = "format:file",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<long> _seed = CommonOptions.Seed("Seed of the balancing choice (correction).");

    public Command Build()
    {
        var command = new Command("export", "Turn stored runs into training data: SFT, correction, preference, critique or judgement records, with provenance.")
        {
            _runs, _kind, _format, _out, _store, _firstTryOnly, _noRetries, _confidenceShare, _allPairs, _minMargin, _onlyAgreeing,
            _requireGold, _noDedupe, _minChars, _maxChars, _leakCheck, _seed,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var format = parse.GetRequiredValue(_format);
        var target = OutputTarget.Parse(context, "--out", parse.GetRequiredValue(_out));
        if (format == ExportFormat.Parquet && target.IsStandardStream)
        {
            throw CliException.Usage("--format parquet writes a binary file: name one with --out");
        }

        var kind = parse.GetRequiredValue(_kind);
        if (format == ExportFormat.OpenAi && kind is ExportKind.Critique or ExportKind.Judgement && !parse.GetValue(_onlyAgreeing))
        {
            throw CliException.Usage($"--format openai has no label, so {kind} records whose verdict disagrees with gold would be trained as right: add --only-agreeing, or use --format trl (a label per record) or jsonl");
        }

        var runIds = CommonOptions.SplitList(parse.GetRequiredValue(_runs));
        var pipeline = new ExportPipeline(await OpenStoreAsync(parse, cancellationToken).ConfigureAwait(false))
            .From(runIds)
            .Kind(Builder(parse));
        if (!parse.GetValue(_noDedupe))
        {
            pipeline = pipeline.Filter(new DedupeFilter());
        }

        pipeline = pipeline.Filter(new LengthFilter(parse.GetValue(_minChars), parse.GetValue(_maxChars)));
        if (parse.GetValue(_leakCheck) is { Length: > 0 } leaks)
        {
            pipeline = pipeline.Filter(new LeakFilter(leaks.Select(l => LeakSet(l, cancellationToken)).ToList()));
        }

        using var buffer = new MemoryStream();
        ExportSummary summary;
        try
        {
            summary = await pipeline.WriteAsync(buffer, format, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or NotSupportedException or InvalidDataException)
        {
            throw CliException.Usage(e.Message);
        }

        if (format == ExportFormat.Parquet)
        {
            await target.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await target.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }

        Summarise(summary, target);
        return ExitCodes.Success;
    }

    private async Task<Rethink.Evaluation.Runs.IRunStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken) =>
        await RunStores.OpenAsync(context.Host.ResolvePath(parse.StoreOf(_store, context)), cancellationToken, mustExist: true).ConfigureAwait(false);

    private IRecordBuilder Builder(ParseResult parse) => parse.GetRequiredValue(_kind) switch
    {
        ExportKind.Sft => new SftBuilder(new SftOptions { OnlyFirstTryCorrect = parse.GetValue(_firstTryOnly), IncludeCorrectedRetries = !parse.GetValue(_noRetries) }),
        ExportKind.Correction => new CorrectionBuilder(new CorrectionOptions { ConfidenceLevelShare = Share(parse.GetValue(_confidenceShare)), Seed = parse.GetValue(_seed) }),
        ExportKind.Preference => new PreferenceBuilder(new PreferenceOptions { AllVerifiedPairs = parse.GetValue(_allPairs), MinJudgeMargin = parse.GetValue(_minMargin) }),
        ExportKind.Critique => new CritiqueBuilder(new CritiqueOptions { OnlyAgreeing = parse.GetValue(_onlyAgreeing) }),
        ExportKind.Judgement => new JudgementBuilder(new JudgementOptions { RequireGold = parse.GetValue(_requireGold), OnlyAgreeing = parse.GetValue(_onlyAgreeing) }),
        var kind => throw CliException.Usage($"unknown kind '{kind}'"),
    };

    private static double? Share(string? text)
    {
        if (text is null)
        {
            return new CorrectionOptions().ConfidenceLevelShare;
        }

        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and < 1
            ? share
            : throw CliException.Usage($"--confidence-share must be a number from 0 up to (not including) 1, or 'none', not '{text}'");
    }

    // An evaluation dataset's questions: the prompts no exported record may hold.
    private EvaluationPromptSet LeakSet(string spec, CancellationToken cancellationToken)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == spec.Length - 1)
        {
            throw CliException.Usage($"--leak-check '{spec}' must be FORMAT:FILE, e.g. gsm8k:test.jsonl");
        }

        var format = DatasetLoader.Format(spec[..colon]);
        var path = DatasetLoader.RequireFile(context, spec[(colon + 1)..], "--leak-check");
        var problems = DatasetLoader.Load(context, path, format, skipBadLines: false, cancellationToken);
        return new EvaluationPromptSet(Path.GetFileName(path), problems.Select(p => p.Question).ToList());
    }

    private void Summarise(ExportSummary summary, OutputTarget target)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"exported {summary.Written} {summary.Kind} record(s) from {summary.Runs.Count} run(s) as {summary.Format} to {target} ({summary.Built} built, {summary.DroppedCount} dropped)"),
        };
        lines.AddRange(summary.WrittenByLabel.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"  written {kv.Key}: {kv.Value}")));
        lines.AddRange(summary.DroppedByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"  dropped {kv.Key}: {kv.Value}")));
        foreach (var line in lines)
        {
            context.WriteHint(line);
        }
    }
}
