using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// Runs every (strategy, problem, sample) of a plan that the store does not already hold, scores each committed attempt
/// with the scoring verifier and stores one result per key. A fixed number of workers
/// (<see cref="RunConfiguration.Concurrency"/>) read work from a channel; stored results are ordered by the store, not
/// by completion. Outcomes per key:
/// <list type="bullet">
/// <item>finished, budget (<see cref="StopReasons.Budget"/> from <see cref="StrategyContext.MaxTokens"/>): stored with
/// the (partial) trajectory;</item>
/// <item>per-problem timeout: stored with <see cref="StopReasons.Timeout"/> and the partial trajectory;</item>
/// <item>exception from the strategy or the model: stored with <see cref="StopReasons.Error"/> and a scrubbed message
/// (a resume retries it); <see cref="RunConfiguration.AbortAfterConsecutiveErrors"/> errors in a row abort the run;</item>
/// <item>user cancellation: not stored; the run is left <see cref="RunStatus.Interrupted"/> and resumable.</item>
/// </list>
/// A problem with a <see cref="Problem.GivenAnswer"/> starts every trajectory from it (<see cref="GivenAnswerChatClient"/>);
/// its <see cref="Problem.GivenAnswerErrorLocation"/> becomes the gold error location of an incorrect verdict on it when
/// the verifier located nothing (a bare number N is read as "step N").
/// Run-level token and cost budgets count billed tokens of all sessions; once reached, no new key starts (keys in
/// flight finish and are stored) and the run is left <see cref="RunStatus.BudgetStopped"/>. The same instance may run
/// several runs concurrently; one run must not be run by two sessions at once.
/// </summary>
public sealed class EvaluationRunner
{
    private readonly IRunStore _store;
    private readonly TimeProvider _time;

    /// <summary>A runner writing to <paramref name="store"/>.</summary>
    public EvaluationRunner(IRunStore store, TimeProvider? timeProvider = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a run of <paramref name="plan"/> in the store and runs it (see <see cref="RunAsync"/>).</summary>
    public async Task<RunOutcome> StartAsync(RunPlan plan, string? runId = null, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ValidatePlan(plan);
        var info = await _store.CreateRunAsync(plan.Configuration, runId, plan.Scrubber, cancellationToken).ConfigureAwait(false);
        return await RunAsync(info.Id, plan, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs (or resumes) the stored run <paramref name="runId"/>: refuses with
    /// <see cref="RunConfigurationMismatchException"/>, naming every changed setting, when the plan's configuration does
    /// not have the stored fingerprint; otherwise runs only the keys without a finished result. Cancellation through
    /// <paramref name="cancellationToken"/> does not throw: the outcome's status is <see cref="RunStatus.Interrupted"/>
    /// and nothing unfinished is stored. Throws <see cref="KeyNotFoundException"/> for an unknown run and
    /// <see cref="ArgumentException"/> for an inconsistent plan (duplicate problem ids, strategies or verifier not
    /// matching the configuration).
    /// </summary>
    public async Task<RunOutcome> RunAsync(string runId, RunPlan plan, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ValidatePlan(plan);
        var config = plan.Configuration;
        var info = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No run '{runId}' in {_store.Location}.");
        if (!string.Equals(info.Fingerprint, config.Fingerprint(), StringComparison.Ordinal))
        {
            var stored = await _store.LoadConfigurationAsync(runId, cancellationToken).ConfigureAwait(false);
            throw new RunConfigurationMismatchException(runId, config.ChangesFrom(stored));
        }

        var problems = CheckProblems(plan.Problems);

        var finished = await _store.GetFinishedKeysAsync(runId, cancellationToken).ConfigureAwait(false);
        var pending = new List<WorkItem>();
        for (var p = 0; p < problems.Count; p++)
        {
            for (var s = 0; s < plan.Strategies.Count; s++)
            {
                for (var sample = 0; sample < config.SamplesPerProblem; sample++)
                {
                    if (!finished.Contains(new ResultKey(plan.Strategies[s].Name, problems[p].Id, sample)))
                    {
                        pending.Add(new WorkItem(problems[p], p, plan.Strategies[s], s, sample));
                    }
                }
            }
        }

        var total = (long)problems.Count * plan.Strategies.Count * config.SamplesPerProblem;
        var session = new RunSession(runId, plan, total, total - pending.Count, await _store.GetBilledUsageAsync(runId, cancellationToken).ConfigureAwait(false));
        if (session.BudgetExceeded() is { } already)
        {
            return await FinishAsync(runId, config, RunStatus.BudgetStopped, already, 0, total).ConfigureAwait(false);
        }

        await _store.SetStatusAsync(runId, RunStatus.Running, null, cancellationToken).ConfigureAwait(false);
        progress?.Report(session.Snapshot());

        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(config.Concurrency) { SingleWriter = true });
        var producer = ProduceAsync(channel.Writer, pending, session, runCts.Token);
        var workers = Enumerable.Range(0, config.Concurrency)
            .Select(_ => Task.Run(() => WorkAsync(channel.Reader, plan, session, progress, runCts), CancellationToken.None))
            .ToList();
        await Task.WhenAll(workers.Append(producer)).ConfigureAwait(false);

        if (session.Fatal is { } fatal)
        {
            await _store.SetStatusAsync(runId, RunStatus.Aborted, plan.Scrubber.Scrub(fatal.Message), CancellationToken.None).ConfigureAwait(false);
            ExceptionDispatchInfo.Capture(fatal).Throw();
        }

        if (session.AbortMessage is { } abort)
        {
            return await FinishAsync(runId, config, RunStatus.Aborted, abort, session.Stored, total).ConfigureAwait(false);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return await FinishAsync(runId, config, RunStatus.Interrupted, null, session.Stored, total).ConfigureAwait(false);
        }

        if (session.BudgetMessage is { } budget && session.Started < pending.Count)
        {
            return await FinishAsync(runId, config, RunStatus.BudgetStopped, budget, session.Stored, total).ConfigureAwait(false);
        }

        return await FinishAsync(runId, config, RunStatus.Completed, null, session.Stored, total).ConfigureAwait(false);
    }

    private static void ValidatePlan(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan.Strategies);
        ArgumentNullException.ThrowIfNull(plan.ContextFactory);
        ArgumentNullException.ThrowIfNull(plan.ScoringVerifier);
        ArgumentNullException.ThrowIfNull(plan.Problems);
        plan.Configuration.Validate();
    }

    private static List<Problem> CheckProblems(IReadOnlyList<Problem> source)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var problem in source)
        {
            if (!ids.Add(problem.Id))
            {
                throw new ArgumentException($"Problem id '{problem.Id}' appears more than once; ids must be unique within a run.", nameof(source));
            }
        }

        return source.ToList();
    }

    private static async Task ProduceAsync(ChannelWriter<WorkItem> writer, List<WorkItem> pending, RunSession session, CancellationToken cancellationToken)
    {
        // Yield first so the caller can start the workers before the bounded channel fills.
        await Task.Yield();
        try
        {
            foreach (var item in pending)
            {
                if (session.StopScheduling)
                {
                    break;
                }

                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled or aborted: unscheduled keys stay pending for a resume.
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task WorkAsync(ChannelReader<WorkItem> reader, RunPlan plan, RunSession session, IProgress<RunProgress>? progress, CancellationTokenSource runCts)
    {
        // Drain without a token so the producer never blocks on a full channel after a stop.
        await foreach (var item in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (session.StopScheduling || runCts.IsCancellationRequested)
            {
                continue;
            }

            session.MarkStarted();
            try
            {
                var result = await ExecuteAsync(item, plan, runCts.Token).ConfigureAwait(false);
                if (result is null)
                {
                    continue;
                }

                // A finished result is kept even if the user cancels now: it was paid for.
                await _store.SaveResultAsync(session.RunId, result, CancellationToken.None).ConfigureAwait(false);
                var isError = result.Scored.Trajectory.StopReason == StopReasons.Error;
                if (session.Record(result, isError) is { } abortMessage)
                {
                    session.AbortMessage ??= abortMessage;
                    await runCts.CancelAsync().ConfigureAwait(false);
                }

                progress?.Report(session.Snapshot());
            }
            catch (OperationCanceledException) when (runCts.IsCancellationRequested)
            {
                // Not stored: left for a resume.
            }
            catch (Exception e)
            {
                session.Fatal ??= e;
                await runCts.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    // Returns null when the key must not be stored (user cancellation or abort).
    private async Task<RunResult?> ExecuteAsync(WorkItem item, RunPlan plan, CancellationToken runToken)
    {
        var config = plan.Configuration;
        var seed = RunConfiguration.SampleSeed(config.Seed, item.Sample);
        var options = config.Chat.ToChatOptions(config.Model.ModelId, seed);
        options.AdditionalProperties = new() { [RunProperties.RunSample] = item.Sample };
        var request = new StrategyContextRequest(item.Strategy, item.Problem, item.Sample, seed, options.Clone());
        var context = plan.ContextFactory(request) with
        {
            Options = options,
            Seed = seed,
            MaxTokens = config.Budgets.MaxTokensPerProblem,
        };
        if (config.Chat.SampleTemperature is { } sampleTemperature)
        {
            context = context with { SampleTemperature = sampleTemperature };
        }

        if (item.Problem.GivenAnswer is { } given)
        {
            context = context with { Generator = new GivenAnswerChatClient(given, context.Generator) };
        }

        using var problemCts = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        if (config.ProblemTimeout is { } timeout)
        {
            problemCts.CancelAfter(timeout);
        }

        var started = Stopwatch.GetTimestamp();
        Trajectory trajectory;
        try
        {
            trajectory = await item.Strategy.RunAsync(item.Problem, context, problemCts.Token).ConfigureAwait(false);
            if (trajectory.StopReason == StopReasons.Cancelled)
            {
                if (runToken.IsCancellationRequested)
                {
                    return null;
                }

                if (problemCts.IsCancellationRequested)
                {
                    trajectory = trajectory with { StopReason = StopReasons.Timeout };
                }
            }
        }
        catch (Exception) when (runToken.IsCancellationRequested)
        {
            return null;
        }
        catch (StrategyStoppedException stopped)
        {
            trajectory = Complete(stopped.Partial, item);
            if (problemCts.IsCancellationRequested)
            {
                trajectory = trajectory with { StopReason = StopReasons.Timeout, Error = null };
            }
            else if (trajectory.StopReason == StopReasons.Error)
            {
                trajectory = trajectory with { Error = plan.Scrubber.Scrub(trajectory.Error ?? Describe(stopped)) };
            }
        }
        catch (OperationCanceledException) when (problemCts.IsCancellationRequested)
        {
            trajectory = Empty(item, StopReasons.Timeout, null);
        }
        catch (Exception e)
        {
            trajectory = Empty(item, StopReasons.Error, plan.Scrubber.Scrub(Describe(e)));
        }

        var latency = Stopwatch.GetElapsedTime(started);
        if (trajectory.Error is not null)
        {
            trajectory = trajectory with { Error = plan.Scrubber.Scrub(trajectory.Error) };
        }

        var scored = await ScoreAsync(item, trajectory, plan, runToken).ConfigureAwait(false);
        return RunResult.Create(scored, item.StrategyIndex, item.ProblemIndex, latency, _time.GetUtcNow());
    }

    private static async Task<ScoredTrajectory> ScoreAsync(WorkItem item, Trajectory trajectory, RunPlan plan, CancellationToken cancellationToken)
    {
        var committed = trajectory.CommittedAttempts;
        var verdicts = new List<Verdict>(committed.Count);
        foreach (var attempt in committed)
        {
            verdicts.Add(await VerifyAsync(item.Problem, attempt, plan, cancellationToken).ConfigureAwait(false));
        }

        // The dataset's location of the given answer's error, where the verifier located nothing itself.
        if (item.Problem is { GivenAnswer: { } given, GivenAnswerErrorLocation: { } location } && committed.Count > 0
            && committed[0].Text == given && verdicts[0] is { IsCorrect: false, ErrorLocation: null })
        {
            verdicts[0] = verdicts[0] with { ErrorLocation = NormalizeLocation(location) };
        }

        Verdict final;
        if (committed.Count > 0 && committed[^1] == trajectory.Final)
        {
            final = verdicts[^1];
        }
        else if (committed.Count == 0 && string.IsNullOrWhiteSpace(trajectory.Final.Text) && trajectory.Final.Answer is null)
        {
            final = Verdict.Incorrect("no_answer", $"The strategy produced no answer (stopped: {trajectory.StopReason}).");
        }
        else
        {
            final = await VerifyAsync(item.Problem, trajectory.Final, plan, cancellationToken).ConfigureAwait(false);
        }

        return new ScoredTrajectory
        {
            Strategy = item.Strategy.Name,
            ProblemId = item.Problem.Id,
            Sample = item.Sample,
            Trajectory = trajectory,
            TurnVerdicts = verdicts,
            FinalVerdict = final,
        };
    }

    private static string NormalizeLocation(string location)
    {
        var trimmed = location.Trim();
        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? string.Create(CultureInfo.InvariantCulture, $"step {step}")
            : trimmed;
    }

    private static async Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, RunPlan plan, CancellationToken cancellationToken)
    {
        if (attempt.Answer is null && string.IsNullOrWhiteSpace(attempt.Text))
        {
            return Verdict.Incorrect("no_answer", "The attempt is empty.");
        }

        try
        {
            return await plan.ScoringVerifier.VerifyAsync(problem, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A verifier failure must not lose the trajectory; the verdict says scoring failed and why.
            return Verdict.Unsure("scoring_error", plan.Scrubber.Scrub(Describe(e)) ?? string.Empty);
        }
    }

    private static Trajectory Complete(Trajectory partial, WorkItem item) =>
        string.IsNullOrEmpty(partial.ProblemId) || string.IsNullOrEmpty(partial.Strategy)
            ? partial with { ProblemId = item.Problem.Id, Strategy = item.Strategy.Name }
            : partial;

    private static Trajectory Empty(WorkItem item, string stopReason, string? error) => new()
    {
        ProblemId = item.Problem.Id,
        Strategy = item.Strategy.Name,
        Turns = [],
        Final = new Attempt(string.Empty, null, TokenUsage.Zero),
        StopReason = stopReason,
        Error = error,
    };

    // Type and message of the exception and its inner exceptions: connection failures hide the useful part inside.
    private static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" ---> ", parts);
    }

    private async Task<RunOutcome> FinishAsync(string runId, RunConfiguration config, RunStatus status, string? message, long stored, long? total)
    {
        var results = await _store.CountResultsAsync(runId, CancellationToken.None).ConfigureAwait(false);
        var finished = await _store.CountFinishedAsync(runId, CancellationToken.None).ConfigureAwait(false);
        var errors = results - finished;
        if (status == RunStatus.Completed && errors > 0)
        {
            message = string.Create(CultureInfo.InvariantCulture, $"{errors} result(s) ended with an error; resuming the run retries them.");
        }

        await _store.SetStatusAsync(runId, status, message, CancellationToken.None).ConfigureAwait(false);
        var billed = await _store.GetBilledUsageAsync(runId, CancellationToken.None).ConfigureAwait(false);
        return new RunOutcome(runId, status, total ?? results, finished, errors, stored, billed, config.Budgets.CostOf(billed.InputTokens, billed.OutputTokens), message);
    }

    private sealed record WorkItem(Problem Problem, int ProblemIndex, IStrategy Strategy, int StrategyIndex, int Sample);
}
