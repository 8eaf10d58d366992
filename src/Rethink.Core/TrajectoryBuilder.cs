using Microsoft.Extensions.AI;

namespace Rethink.Core;

/// <summary>
/// Accumulates the turns of one strategy run, enforces the context's token budget and turns cancellation into a
/// <see cref="StrategyStoppedException"/> carrying the partial trajectory. One builder per problem run; not
/// thread-safe (strategies that fan out must add turns from one thread after awaiting their calls).
/// </summary>
public sealed class TrajectoryBuilder
{
    private readonly List<Turn> _turns = [];
    private readonly HashSet<CallRecord> _charged = new(ReferenceEqualityComparer.Instance);
    private long _tokensUsed;

    /// <summary>Starts a trajectory of <paramref name="strategy"/> on <paramref name="problem"/>.</summary>
    public TrajectoryBuilder(Problem problem, string strategy, StrategyContext context)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        Strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));
        Context = context ?? throw new ArgumentNullException(nameof(context));
    }

    /// <summary>The problem being solved.</summary>
    public Problem Problem { get; }

    /// <summary>The strategy name recorded in the trajectory.</summary>
    public string Strategy { get; }

    /// <summary>The context the strategy runs with.</summary>
    public StrategyContext Context { get; }

    /// <summary>The turns so far.</summary>
    public IReadOnlyList<Turn> Turns => _turns;

    /// <summary>Tokens charged against the budget so far.</summary>
    public long TokensUsed => _tokensUsed;

    /// <summary>True once a feedback verifier has been consulted (recorded in the trajectory).</summary>
    public bool SawVerifier { get; set; }

    /// <summary>The last committed attempt, or null.</summary>
    public Attempt? Current => _turns.LastOrDefault(t => t.Committed && t.Attempt is not null)?.Attempt;

    /// <summary>
    /// Makes a recorded call (see <see cref="ModelCall.InvokeAsync"/>) and charges it to the budget. Throws
    /// <see cref="StrategyStoppedException"/> with stop reason <c>cancelled</c> when cancelled and <c>budget</c> when the
    /// budget is exhausted after the call (the call itself is kept in the partial trajectory as a turn of role
    /// <paramref name="turnRoleIfStopped"/>).
    /// </summary>
    public async Task<ModelReply> CallAsync(
        IChatClient client,
        ModelRole role,
        IReadOnlyList<Message> messages,
        ChatOptions? options,
        int sampleIndex,
        TurnRole turnRoleIfStopped,
        CancellationToken cancellationToken)
    {
        ModelReply reply;
        try
        {
            reply = await ModelCall.InvokeAsync(client, role, messages, options, sampleIndex, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw new StrategyStoppedException(Finish(StopReasons.Cancelled), "The strategy run was cancelled.", e);
        }

        Charge(reply.Call);
        if (Context.MaxTokens is { } max && _tokensUsed >= max)
        {
            AddTurn(turnRoleIfStopped, [reply.Call], reply.Text);
            throw new StrategyStoppedException(Finish(StopReasons.Budget), $"Token budget of {max} exhausted ({_tokensUsed} used).");
        }

        return reply;
    }

    /// <summary>Extracts the answer from <paramref name="text"/> with the context's extractor and builds an attempt.</summary>
    public Attempt MakeAttempt(string text, CallRecord? call) =>
        new(text, Context.Extractor.Extract(text), call?.Usage ?? TokenUsage.Zero) { MeanLogProb = call?.MeanLogProb };

    /// <summary>
    /// Appends a turn; calls not made through <see cref="CallAsync"/> are charged to the budget here. <paramref name="execution"/>
    /// is the program run of an <see cref="TurnRole.Execute"/> step.
    /// </summary>
    public Turn AddTurn(
        TurnRole role,
        IReadOnlyList<CallRecord> calls,
        string output,
        Attempt? attempt = null,
        bool committed = false,
        Critique? critique = null,
        Verdict? verdict = null,
        Execution.ExecutionResult? execution = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (committed && attempt is null)
        {
            throw new ArgumentException("A committed turn must carry an attempt.", nameof(attempt));
        }

        foreach (var call in calls)
        {
            Charge(call);
        }

        var turn = new Turn
        {
            Index = _turns.Count,
            Role = role,
            Calls = calls,
            Output = output,
            Attempt = attempt,
            Committed = committed,
            Critique = critique,
            Verdict = verdict,
            Execution = execution,
        };
        _turns.Add(turn);
        return turn;
    }

    /// <summary>The trajectory so far, stopped for <paramref name="stopReason"/>.</summary>
    public Trajectory Finish(string stopReason, string? error = null) => new()
    {
        ProblemId = Problem.Id,
        Strategy = Strategy,
        Turns = _turns.ToList(),
        Final = Current ?? new Attempt(string.Empty, null, TokenUsage.Zero),
        StopReason = stopReason,
        SawVerifier = SawVerifier,
        Error = error,
    };

    private void Charge(CallRecord call)
    {
        if (_charged.Add(call))
        {
            _tokensUsed += call.Usage.TotalTokens;
        }
    }
}
