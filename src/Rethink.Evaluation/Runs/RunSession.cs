using System.Diagnostics;
using System.Globalization;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>Counters and stop flags of one session of a run, shared by the workers. Thread-safe.</summary>
internal sealed class RunSession
{
    private readonly Lock _gate = new();
    private readonly RunConfiguration _config;
    private readonly TokenUsage _previousBilled;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private TokenUsage _billed;
    private long _done;
    private long _stored;
    private long _failed;
    private long _started;
    private int _consecutiveErrors;
    private volatile string? _budgetMessage;
    private volatile string? _abortMessage;
    private volatile Exception? _fatal;

    public RunSession(string runId, RunPlan plan, long total, long skipped, TokenUsage previousBilled)
    {
        RunId = runId;
        _config = plan.Configuration;
        Total = total;
        Skipped = skipped;
        _done = skipped;
        _previousBilled = previousBilled;
    }

    public string RunId { get; }

    public long Total { get; }

    public long Skipped { get; }

    public long Stored => Interlocked.Read(ref _stored);

    public long Started => Interlocked.Read(ref _started);

    public string? BudgetMessage => _budgetMessage;

    public string? AbortMessage
    {
        get => _abortMessage;
        set => _abortMessage = value;
    }

    public Exception? Fatal
    {
        get => _fatal;
        set => _fatal = value;
    }

    public bool StopScheduling => _budgetMessage is not null || _abortMessage is not null || _fatal is not null;

    public void MarkStarted() => Interlocked.Increment(ref _started);

    /// <summary>The message of the first run-level budget already reached, or null.</summary>
    public string? BudgetExceeded()
    {
        lock (_gate)
        {
            return CheckBudget(_previousBilled + _billed);
        }
    }

    /// <summary>Counts a stored result; returns the abort message when the consecutive-error cap is reached.</summary>
    public string? Record(RunResult result, bool isError)
    {
        lock (_gate)
        {
            _stored++;
            _billed += result.BilledUsage;
            if (isError)
            {
                _failed++;
                _consecutiveErrors++;
            }
            else
            {
                _done++;
                _consecutiveErrors = 0;
            }

            _budgetMessage ??= CheckBudget(_previousBilled + _billed);
            var cap = _config.AbortAfterConsecutiveErrors;
            if (isError && cap > 0 && _consecutiveErrors >= cap)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"Aborted after {_consecutiveErrors} consecutive errors; the last was: {result.Scored.Trajectory.Error}");
            }

            return null;
        }
    }

    public RunProgress Snapshot()
    {
        lock (_gate)
        {
            var elapsed = Stopwatch.GetElapsedTime(_startedAt);
            var seconds = elapsed.TotalSeconds;
            var doneHere = _done - Skipped + _failed;
            var remaining = Math.Max(0, Total - _done);
            TimeSpan? eta = doneHere > 0 ? TimeSpan.FromSeconds(seconds / doneHere * remaining) : null;
            var all = _previousBilled + _billed;
            return new RunProgress
            {
                RunId = RunId,
                Done = _done,
                Total = Total,
                Skipped = Skipped,
                Failed = _failed,
                Tokens = _billed,
                TokensPerSecond = seconds > 0 ? _billed.TotalTokens / seconds : 0,
                Cost = _config.Budgets.CostOf(all.InputTokens, all.OutputTokens),
                Elapsed = elapsed,
                Eta = eta,
            };
        }
    }

    private string? CheckBudget(TokenUsage billed)
    {
        var budgets = _config.Budgets;
        if (budgets.MaxRunTokens is { } maxTokens && billed.TotalTokens >= maxTokens)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Run token budget of {maxTokens} reached ({billed.TotalTokens} billed tokens); resume with a larger budget to continue.");
        }

        if (budgets.MaxRunCost is { } maxCost && budgets.CostOf(billed.InputTokens, billed.OutputTokens) is { } cost && cost >= maxCost)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Run cost budget of {maxCost} reached ({cost:0.######}); resume with a larger budget to continue.");
        }

        return null;
    }
}
