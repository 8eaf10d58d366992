using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>Steps shared by the strategies: guarded runs, budget checks, generator and critic calls, sampling.</summary>
internal static class StrategyRun
{
    /// <summary>
    /// Runs <paramref name="body"/>; cancellation becomes a <see cref="StrategyStoppedException"/> with stop reason
    /// <c>cancelled</c>, and any other failure (provider error, verifier error) one with stop reason <c>error</c>, both
    /// carrying the partial trajectory so nothing already paid for is lost. A conversation that outgrows the model's
    /// context (<see cref="ContextLengthExceededException"/>) after an answer was committed is not a failure: the run
    /// ends with stop reason <c>context_length</c> and that answer, as a round bound would end it.
    /// </summary>
    public static async Task<Trajectory> GuardAsync(TrajectoryBuilder builder, Func<Task<Trajectory>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (StrategyStoppedException)
        {
            throw;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new StrategyStoppedException(builder.Finish(StopReasons.Cancelled), "The strategy run was cancelled.", e);
        }
        catch (ContextLengthExceededException) when (builder.Current is not null)
        {
            return builder.Finish(StopReasons.ContextLength);
        }
#pragma warning disable CA1031 // Every failure is reported with the partial trajectory; the original is the inner exception.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new StrategyStoppedException(
                builder.Finish(StopReasons.Error, e.Message),
                $"Strategy '{builder.Strategy}' failed on problem '{builder.Problem.Id}': {e.Message}",
                e);
        }
    }

    /// <summary>Stops with reason <c>budget</c> when the token budget is used up (for calls charged through AddTurn).</summary>
    public static void EnsureBudget(TrajectoryBuilder builder)
    {
        if (builder.Context.MaxTokens is { } max && builder.TokensUsed >= max)
        {
            throw new StrategyStoppedException(builder.Finish(StopReasons.Budget), $"Token budget of {max} exhausted ({builder.TokensUsed} used).");
        }
    }

    /// <summary>Asks the generator (base options, sample 0) and records a committed turn of role <paramref name="role"/>.</summary>
    public static async Task<Attempt> AnswerAsync(TrajectoryBuilder builder, IReadOnlyList<Message> messages, TurnRole role, CancellationToken cancellationToken)
    {
        var reply = await builder.CallAsync(builder.Context.Generator, ModelRole.Generator, messages, builder.Context.Options, 0, role, cancellationToken).ConfigureAwait(false);
        var attempt = builder.MakeAttempt(reply.Text, reply.Call);
        builder.AddTurn(role, [reply.Call], reply.Text, attempt, committed: true);
        return attempt;
    }

    /// <summary>
    /// Continues <paramref name="conversation"/> with the model's last reply as an assistant turn and
    /// <paramref name="userTurn"/> after it, then answers it as a committed refine turn (on a copy, so the recorded
    /// call keeps the messages it was sent). The conversation keeps both new messages for the next round.
    /// </summary>
    public static Task<Attempt> FollowUpAsync(TrajectoryBuilder builder, List<Message> conversation, string reply, string userTurn, CancellationToken cancellationToken)
    {
        conversation.Add(Message.Assistant(reply));
        conversation.Add(Message.User(userTurn));
        return AnswerAsync(builder, conversation.ToList(), TurnRole.Refine, cancellationToken);
    }

    /// <summary>Asks the critic model (the generator unless a critic model is configured) with role critic.</summary>
    public static Task<ModelReply> CriticCallAsync(TrajectoryBuilder builder, IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        builder.CallAsync(builder.Context.CriticClient, ModelRole.Critic, messages, builder.Context.Options, 0, TurnRole.Critique, cancellationToken);

    /// <summary>The base options with the sampling temperature and the base seed (ModelCall adds the sample index).</summary>
    public static ChatOptions SamplingOptions(StrategyContext context)
    {
        var options = context.Options?.Clone() ?? new ChatOptions();
        options.Temperature = context.SampleTemperature;
        options.Seed = context.Seed;
        return options;
    }

    /// <summary>The canonical answer of an attempt, or null when it has none.</summary>
    public static string? AnswerKey(StrategyContext context, Attempt attempt) =>
        attempt.Answer is null ? null : context.Extractor.Normalize(attempt.Answer);

    /// <summary>
    /// True when two attempts give the same canonical answer; when neither has an answer, true when their trimmed texts
    /// are equal (so a model that keeps failing to answer in the same way counts as unchanged).
    /// </summary>
    public static bool SameAnswer(StrategyContext context, Attempt previous, Attempt next)
    {
        var a = AnswerKey(context, previous);
        var b = AnswerKey(context, next);
        if (a is null && b is null)
        {
            return string.Equals(previous.Text.Trim(), next.Text.Trim(), StringComparison.Ordinal);
        }

        return string.Equals(a, b, StringComparison.Ordinal);
    }

    /// <summary>The problem as one block of text for prompts that restate it (the question, or the whole conversation).</summary>
    public static string QuestionText(Problem problem)
    {
        var visible = problem.Messages.Where(m => m.Role != MessageRoles.System).ToList();
        return visible.Count <= 1
            ? problem.Question
            : string.Join("\n\n", visible.Select(m => $"{m.Role}: {m.Text}"));
    }

    /// <summary>
    /// Draws samples <paramref name="firstIndex"/> .. firstIndex + count - 1 of <paramref name="messages"/> at the
    /// sampling temperature, <paramref name="parallelism"/> at a time, and records one generate turn per sample in index
    /// order (sample 0 committed as the first answer). Samples that completed before a failure are kept. With
    /// <paramref name="logProbs"/>, the calls ask for log-probabilities (<see cref="RethinkProperties.LogProbs"/>), for a
    /// selector that ranks by them.
    /// </summary>
    public static async Task<IReadOnlyList<Attempt>> SampleAsync(
        TrajectoryBuilder builder,
        IReadOnlyList<Message> messages,
        int firstIndex,
        int count,
        int parallelism,
        CancellationToken cancellationToken,
        bool logProbs = false)
    {
        var options = SamplingOptions(builder.Context);
        if (logProbs)
        {
            options = options.Clone();
            options.AdditionalProperties ??= [];
            options.AdditionalProperties[RethinkProperties.LogProbs] = true;
        }

        var attempts = new List<Attempt>(count);
        if (parallelism <= 1 || count == 1)
        {
            for (var i = firstIndex; i < firstIndex + count; i++)
            {
                var reply = await builder.CallAsync(builder.Context.Generator, ModelRole.Generator, messages, options, i, TurnRole.Generate, cancellationToken).ConfigureAwait(false);
                attempts.Add(AddSample(builder, reply, i));
            }

            return attempts;
        }

        for (var start = firstIndex; start < firstIndex + count; start += parallelism)
        {
            var end = Math.Min(start + parallelism, firstIndex + count);
            var tasks = Enumerable.Range(start, end - start)
                .Select(i => ModelCall.InvokeAsync(builder.Context.Generator, ModelRole.Generator, messages, options, i, cancellationToken))
                .ToList();
            await ((Task)Task.WhenAll(tasks)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // Turns are added from this thread only, in index order, so the trajectory is deterministic.
            Exception? failure = null;
            for (var k = 0; k < tasks.Count; k++)
            {
                if (tasks[k].IsCompletedSuccessfully)
                {
                    attempts.Add(AddSample(builder, tasks[k].Result, start + k));
                }
                else
                {
                    failure ??= tasks[k].Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
                }
            }

            if (failure is OperationCanceledException oce && cancellationToken.IsCancellationRequested)
            {
                throw new StrategyStoppedException(builder.Finish(StopReasons.Cancelled), "The strategy run was cancelled.", oce);
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            EnsureBudget(builder);
        }

        return attempts;
    }

    private static Attempt AddSample(TrajectoryBuilder builder, ModelReply reply, int index)
    {
        var attempt = builder.MakeAttempt(reply.Text, reply.Call);
        builder.AddTurn(TurnRole.Generate, [reply.Call], reply.Text, attempt, committed: index == 0);
        return attempt;
    }
}
