using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// Self-Refine (Madaan et al., 2023): y0 = generate(x); then for t = 0, 1, ...: fb_t = feedback(x, y_t); stop if a stop
/// policy fires; otherwise y_{t+1} = refine(x, y_0, fb_0, ..., y_t, fb_t) — the refine prompt carries the history of
/// earlier answers and their feedback (or only the last pair with <see cref="SelfRefineHistory.LastOnly"/>).
/// <para>
/// Feedback comes from <see cref="StrategyContext.Critic"/> when set (its calls are recorded in the critique turn and
/// charged to the budget) or else from <see cref="StrategyContext.CriticClient"/> prompted with
/// <see cref="SelfRefineOptions.FeedbackPrompt"/>. Stop policies, checked in this order on each feedback: the stop
/// phrase (<c>stop_phrase</c>), the score threshold (<c>score_threshold</c>), an <c>ICritic</c> labelling the answer
/// correct (<c>critic_accepted</c>); after each refinement: no change in the extracted answer (<c>no_change</c>);
/// after <see cref="SelfRefineOptions.MaxRounds"/> refinements: <c>max_rounds</c>. Every answer is committed.
/// </para>
/// <para>
/// An LLM critique's label is correct when it contains the stop phrase, incorrect when it does not, and unsure when no
/// stop phrase is configured. Its score is the first group of the last match of <see cref="SelfRefineOptions.ScorePattern"/>.
/// </para>
/// Model output (answers and feedback) is pasted into later prompts verbatim: treat it as untrusted
/// (prompt-injection risk). Templates are filled in one pass, so placeholders inside model output are not expanded.
/// Immutable and thread-safe.
/// </summary>
public sealed class SelfRefineStrategy : Strategy<SelfRefineOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "self-refine";

    /// <summary>The default stop phrase.</summary>
    public const string DefaultStopPhrase = "NO FURTHER CHANGES NEEDED";

    /// <summary>The default score pattern: "Score: 7" or "score: 7.5/10" (the number before any slash).</summary>
    public const string DefaultScorePattern = @"(?i)\bscore\s*:\s*(-?\d+(?:\.\d+)?)";

    /// <summary>The default feedback prompt (placeholders: {question}, {answer}).</summary>
    public const string DefaultFeedbackPrompt = """
        You are reviewing a proposed answer to a question.

        Question:
        {question}

        Proposed answer:
        {answer}

        Check the answer step by step. For every error or weakness, say precisely where it is and how to fix it. Then rate the answer on its own line as "Score: N/10".
        If the answer is entirely correct and cannot be improved, say so and end with the line "NO FURTHER CHANGES NEEDED".
        """;

    /// <summary>The default refine prompt (placeholders: {question}, {history}).</summary>
    public const string DefaultRefinePrompt = """
        You are improving an answer to a question using feedback on earlier attempts.

        Question:
        {question}

        {history}

        Write a new, complete answer to the question that fixes every problem pointed out in the feedback without reintroducing earlier mistakes.
        """;

    internal static readonly IReadOnlyList<SettingBinding<SelfRefineOptions>> Bindings =
    [
        Bind.Int<SelfRefineOptions>("max_rounds", "Feedback-and-refine rounds at most.", 1, SelfRefineOptions.MaxRoundsLimit, o => o.MaxRounds, (o, v) => o with { MaxRounds = v }),
        Bind.OptionalText<SelfRefineOptions>("stop_phrase", "Stop when the feedback contains this phrase (empty: off).", o => o.StopPhrase, (o, v) => o with { StopPhrase = v }),
        Bind.OptionalDouble<SelfRefineOptions>("score_threshold", "Stop when the feedback's score is at least this (empty: off).", -SelfRefineOptions.ScoreLimit, SelfRefineOptions.ScoreLimit, o => o.ScoreThreshold, (o, v) => o with { ScoreThreshold = v }),
        Bind.Text<SelfRefineOptions>("score_pattern", "Regex whose first group captures the feedback's score (last match).", o => o.ScorePattern, (o, v) => o with { ScorePattern = v }),
        Bind.Bool<SelfRefineOptions>("stop_on_no_change", "Stop when the refined answer equals the previous one.", o => o.StopOnNoChange, (o, v) => o with { StopOnNoChange = v }),
        Bind.Bool<SelfRefineOptions>("stop_when_critic_accepts", "Stop when a configured critic labels the answer correct.", o => o.StopWhenCriticAccepts, (o, v) => o with { StopWhenCriticAccepts = v }),
        Bind.Enum<SelfRefineOptions, SelfRefineHistory>("history", "What the refine prompt shows of earlier rounds.", o => o.History, (o, v) => o with { History = v }),
        Bind.Text<SelfRefineOptions>("feedback_prompt", "Feedback prompt; placeholders {question} and {answer}.", o => o.FeedbackPrompt, (o, v) => o with { FeedbackPrompt = v }),
        Bind.Text<SelfRefineOptions>("refine_prompt", "Refine prompt; placeholders {question} and {history}.", o => o.RefinePrompt, (o, v) => o with { RefinePrompt = v }),
    ];

    private readonly Regex _score;

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming a bad option.</summary>
    public SelfRefineStrategy(SelfRefineOptions? options = null)
        : base(options ?? new SelfRefineOptions(), Bindings)
    {
        Bounds.Check(Options.MaxRounds, 1, SelfRefineOptions.MaxRoundsLimit, nameof(SelfRefineOptions.MaxRounds));
        if (Options.ScoreThreshold is { } threshold)
        {
            Bounds.Check(threshold, -SelfRefineOptions.ScoreLimit, SelfRefineOptions.ScoreLimit, nameof(SelfRefineOptions.ScoreThreshold));
        }

        PromptTemplate.RequirePlaceholders(Options.FeedbackPrompt, nameof(SelfRefineOptions.FeedbackPrompt), "question", "answer");
        PromptTemplate.RequirePlaceholders(Options.RefinePrompt, nameof(SelfRefineOptions.RefinePrompt), "question", "history");
        if (Options.StopPhrase is not null)
        {
            PromptTemplate.RequireText(Options.StopPhrase, nameof(SelfRefineOptions.StopPhrase));
        }

        try
        {
            _score = new Regex(Options.ScorePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{nameof(SelfRefineOptions.ScorePattern)} is not a valid regular expression: {e.Message}", nameof(SelfRefineOptions.ScorePattern), e);
        }

        if (_score.GetGroupNumbers().Length < 2)
        {
            throw new ArgumentException($"{nameof(SelfRefineOptions.ScorePattern)} must have a capturing group for the score.", nameof(SelfRefineOptions.ScorePattern));
        }
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <summary>The score in <paramref name="feedback"/> by <see cref="SelfRefineOptions.ScorePattern"/> (last match), or null.</summary>
    public double? ParseScore(string feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var matches = _score.Matches(feedback);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            if (double.TryParse(matches[i].Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                return score;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            var question = StrategyRun.QuestionText(problem);
            var system = problem.Messages.Where(m => m.Role == MessageRoles.System).ToList();
            var history = new List<(Attempt Attempt, Critique Feedback)>();
            var answer = await StrategyRun.AnswerAsync(builder, problem.Messages, TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            for (var round = 0; round < Options.MaxRounds; round++)
            {
                var feedback = await FeedbackAsync(builder, question, answer, cancellationToken).ConfigureAwait(false);
                history.Add((answer, feedback.Critique));
                if (feedback.StopReason is { } stop)
                {
                    return builder.Finish(stop);
                }

                var prompt = PromptTemplate.Render(Options.RefinePrompt, new Dictionary<string, string>
                {
                    ["question"] = question,
                    ["history"] = RenderHistory(history),
                });
                var refined = await StrategyRun.AnswerAsync(builder, [.. system, Message.User(prompt)], TurnRole.Refine, cancellationToken).ConfigureAwait(false);
                var unchanged = StrategyRun.SameAnswer(context, answer, refined);
                answer = refined;
                if (Options.StopOnNoChange && unchanged)
                {
                    return builder.Finish(StopReasons.NoChange);
                }
            }

            return builder.Finish(StopReasons.MaxRounds);
        }, cancellationToken);

    private async Task<FeedbackOutcome> FeedbackAsync(TrajectoryBuilder builder, string question, Attempt answer, CancellationToken cancellationToken)
    {
        var context = builder.Context;
        Critique critique;
        if (context.Critic is { } critic)
        {
            var result = await critic.CritiqueAsync(builder.Problem, answer, cancellationToken).ConfigureAwait(false);
            critique = result.Critique.Score is null ? result.Critique with { Score = ParseScore(result.Critique.Text) } : result.Critique;
            builder.AddTurn(TurnRole.Critique, result.Calls, critique.Text, critique: critique);
            StrategyRun.EnsureBudget(builder);
        }
        else
        {
            var prompt = PromptTemplate.Render(Options.FeedbackPrompt, new Dictionary<string, string>
            {
                ["question"] = question,
                ["answer"] = answer.Text,
            });
            var reply = await StrategyRun.CriticCallAsync(builder, [Message.User(prompt)], cancellationToken).ConfigureAwait(false);
            var label = Options.StopPhrase is null
                ? VerdictLabel.Unsure
                : ContainsStopPhrase(reply.Text) ? VerdictLabel.Correct : VerdictLabel.Incorrect;
            critique = new Critique(reply.Text, label, context.CriticModel is null ? CritiqueSource.Self : CritiqueSource.OtherModel)
            {
                Score = ParseScore(reply.Text),
            };
            builder.AddTurn(TurnRole.Critique, [reply.Call], reply.Text, critique: critique);
        }

        string? stop = null;
        if (ContainsStopPhrase(critique.Text))
        {
            stop = StopReasons.StopPhrase;
        }
        else if (Options.ScoreThreshold is { } threshold && critique.Score is { } score && score >= threshold)
        {
            stop = StopReasons.ScoreThreshold;
        }
        else if (context.Critic is not null && Options.StopWhenCriticAccepts && critique.Label == VerdictLabel.Correct)
        {
            stop = StopReasons.CriticAccepted;
        }

        return new FeedbackOutcome(critique, stop);
    }

    private bool ContainsStopPhrase(string text) =>
        Options.StopPhrase is { } phrase && text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private string RenderHistory(List<(Attempt Attempt, Critique Feedback)> history)
    {
        var first = Options.History == SelfRefineHistory.Full ? 0 : history.Count - 1;
        var sb = new StringBuilder();
        for (var i = first; i < history.Count; i++)
        {
            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            sb.Append("Attempt ").Append(n).Append(":\n").Append(history[i].Attempt.Text)
              .Append("\n\nFeedback on attempt ").Append(n).Append(":\n").Append(history[i].Feedback.Text);
        }

        return sb.ToString();
    }

    private sealed record FeedbackOutcome(Critique Critique, string? StopReason);
}
