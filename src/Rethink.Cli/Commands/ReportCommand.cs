using System.CommandLine;
using System.Globalization;
using Rethink.Cli.Output;
using Rethink.Core;
using Rethink.Evaluation.Reports;
using Rethink.Evaluation.Runs;

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
    private readonly Option<long?> _seed = new("--seed")
    {
        Description = "Seed of the bootstrap intervals (default: the run's seed, so the report matches the one eval printed).",
    };

    private readonly Option<string?> _perSample = new("--per-sample")
    {
        Description = "Also write one JSON line per problem, strategy and sample: every committed answer, the extracted answer, its verdict and reason, the stop reason and the tokens by role ('-' is standard output).",
        HelpName = "file",
    };

    public ReportCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("report", "Recompute a run's report from the run store, or compare two runs.")
        {
            _run, _compare, _store, _json, _markdown, _perSample, _seed,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var targets = ReportTargets.Parse(_context, parse.GetValue(_json), parse.GetValue(_markdown));
        var perSample = parse.GetValue(_perSample) is { } perSampleText ? OutputTarget.Parse(_context, "--per-sample", perSampleText) : null;
        var storeOption = parse.StoreOf(_store, _context);
        var storePath = _context.Host.ResolvePath(storeOption);
        await using var store = await RunStores.OpenAsync(storePath, cancellationToken, mustExist: true).ConfigureAwait(false);
        var runId = parse.GetValue(_run);
        if (runId is null)
        {
            await ListAsync(store, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var (scored, configuration, completion) = await LoadAsync(store, storeOption, runId, cancellationToken).ConfigureAwait(false);
        var seed = parse.GetValue(_seed) ?? configuration.Seed;
        var builder = RunReports.Builder(seed, configuration);
        if (perSample is not null)
        {
            var results = await store.LoadResultsAsync(runId, cancellationToken).ConfigureAwait(false);
            await perSample.WriteAsync(PerSampleRecords.Render(runId, configuration, results), cancellationToken).ConfigureAwait(false);
            if (!perSample.IsStandardStream)
            {
                _context.WriteHint($"{results.Count} per-sample line(s) written to {perSample}");
            }
        }

        if (parse.GetValue(_compare) is not { } otherId)
        {
            var report = Build(() => builder.Build(scored, RunReports.Metadata(runId, configuration, completion)));
            await RunReports.WriteAsync(_context, report, targets, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        // The run given with --compare is the baseline; RUN is measured against it.
        var (baseline, baselineConfiguration, baselineCompletion) = await LoadAsync(store, storeOption, otherId, cancellationToken).ConfigureAwait(false);
        var pairs = Pairs(baselineConfiguration, configuration, otherId, runId);
        var comparison = Build(() => builder.Compare(
            baseline, RunReports.Metadata(otherId, baselineConfiguration, baselineCompletion), scored, RunReports.Metadata(runId, configuration, completion), pairs));
        await RunReports.WriteAsync(_context, comparison, targets, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static T Build<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    // Strategies of the same name are paired; two single-strategy runs are paired whatever their names.
    private static IReadOnlyList<StrategyPair> Pairs(RunConfiguration baseline, RunConfiguration candidate, string baselineId, string candidateId)
    {
        var names = candidate.Strategies.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var common = baseline.Strategies.Where(s => names.Contains(s.Name)).Select(s => new StrategyPair(s.Name, s.Name)).ToList();
        if (common.Count > 0)
        {
            return common;
        }

        if (baseline.Strategies.Count == 1 && candidate.Strategies.Count == 1)
        {
            return [new StrategyPair(baseline.Strategies[0].Name, candidate.Strategies[0].Name)];
        }

        throw CliException.Usage(
            $"runs {candidateId} and {baselineId} share no strategy to compare ({string.Join(", ", candidate.Strategies.Select(s => s.Name))} vs {string.Join(", ", baseline.Strategies.Select(s => s.Name))})");
    }

    // The run's total is not stored, so a partial run's report names only how many results it covers.
    private static async Task<(IReadOnlyList<ScoredTrajectory> Scored, RunConfiguration Configuration, RunCompletion Completion)> LoadAsync(
        IRunStore store, string storeOption, string runId, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is not { } info)
        {
            var known = (await store.ListRunsAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Id).ToList();
            var list = known.Count == 0 ? "it has no runs" : "runs: " + string.Join(", ", known.TakeLast(10));
            throw CliException.Usage($"no run '{runId}' in {storeOption} ({list})");
        }

        if (info.Kind != RunKind.Evaluation)
        {
            throw CliException.Usage($"run '{runId}' in {storeOption} is a {info.Kind} run; report reads evaluation runs (eval, score)");
        }

        var configuration = await store.LoadConfigurationAsync(runId, cancellationToken).ConfigureAwait(false);
        var scored = await store.LoadScoredTrajectoriesAsync(runId, cancellationToken).ConfigureAwait(false);
        if (scored.Count == 0)
        {
            throw CliException.Usage($"run '{runId}' has no results yet");
        }

        var stored = await store.CountResultsAsync(runId, cancellationToken).ConfigureAwait(false);
        return (scored, configuration, new RunCompletion(info.Status, stored, info.Status == RunStatus.Completed ? stored : null));
    }

    private async Task ListAsync(IRunStore store, CancellationToken cancellationToken)
    {
        var runs = await store.ListRunsAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<string[]> { new[] { "run", "created (UTC)", "status", "results", "model", "strategies", "dataset" } };
        foreach (var run in runs)
        {
            var created = run.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            if (run.Kind != RunKind.Evaluation)
            {
                var items = (await store.LoadItemsAsync(run.Id, cancellationToken).ConfigureAwait(false)).Count;
                rows.Add([run.Id, created, RunReports.Status(run.Status), items.ToString(CultureInfo.InvariantCulture), "-", "(" + run.Kind + " run)", "-"]);
                continue;
            }

            var configuration = await store.LoadConfigurationAsync(run.Id, cancellationToken).ConfigureAwait(false);
            var finished = await store.CountFinishedAsync(run.Id, cancellationToken).ConfigureAwait(false);
            rows.Add(
            [
                run.Id,
                created,
                RunReports.Status(run.Status),
                finished.ToString(CultureInfo.InvariantCulture),
                configuration.Model.Display(),
                string.Join(",", configuration.Strategies.Select(s => s.Name)),
                Path.GetFileName(configuration.Dataset.Path),
            ]);
        }

        if (runs.Count == 0)
        {
            _context.Out.WriteLine("no runs in the store");
            return;
        }

        TextTable.Write(_context.Out, rows);
    }
}
