using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// The strong-verifier (oracle feedback) setting: answer; check the answer with
/// <see cref="StrategyContext.FeedbackVerifier"/> (required); if it passes stop with <c>verifier_passed</c>; otherwise
/// tell the model, in the same conversation, that its answer failed (with the verifier's explanation, or only that it
/// is incorrect, per <see cref="VerifyRefineOptions.Feedback"/>) and let it answer again; every answer is verified,
/// and after <see cref="VerifyRefineOptions.MaxRounds"/> refinements it stops with <c>max_rounds</c>. A verdict that is
/// not <see cref="VerdictLabel.Correct"/> (incorrect or unsure) counts as a failure.
/// <para>
/// What the model may see: the verdict's explanation in explanation mode, nothing but "incorrect" otherwise; never the
/// problem's reference directly (though a verifier's explanation may quote it: that is what makes this setting an
/// oracle, and the trajectory is marked <see cref="Trajectory.SawVerifier"/> so reports label it).
/// </para>
/// The model's earlier answers and the verifier's explanation are fed back into the conversation (prompt-injection
/// risk: they are untrusted text). Immutable and thread-safe.
/// </summary>
public sealed class VerifyRefineStrategy : Strategy<VerifyRefineOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "verify-refine";

    /// <summary>The default refine turn in explanation mode (placeholder: {feedback}).</summary>
    public const string DefaultRefinePrompt = """
        Your answer was checked and it is not correct. The checker reported:
        {feedback}

        Think about where your solution went wrong, correct it, and give your corrected answer.
        """;

    /// <summary>The default refine turn in correctness-only mode.</summary>
    public const string DefaultIncorrectPrompt = """
        Your answer was checked and it is not correct. Think about where your solution went wrong, correct it, and give your corrected answer.
        """;

    internal static readonly IReadOnlyList<SettingBinding<VerifyRefineOptions>> Bindings =
    [
        Bind.Int<VerifyRefineOptions>("max_rounds", "Refinements at most after failed checks.", 1, VerifyRefineOptions.MaxRoundsLimit, o => o.MaxRounds, (o, v) => o with { MaxRounds = v }),
        Bind.Enum<VerifyRefineOptions, VerifierFeedbackMode>("feedback", "What the model is told when its answer fails.", o => o.Feedback, (o, v) => o with { Feedback = v }),
        Bind.Text<VerifyRefineOptions>("refine_prompt", "Refine turn in explanation mode; placeholder {feedback}.", o => o.RefinePrompt, (o, v) => o with { RefinePrompt = v }),
        Bind.Text<VerifyRefineOptions>("incorrect_prompt", "Refine turn in correctness-only mode.", o => o.IncorrectPrompt, (o, v) => o with { IncorrectPrompt = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming a bad option.</summary>
    public VerifyRefineStrategy(VerifyRefineOptions? options = null)
        : base(options ?? new VerifyRefineOptions(), Bindings)
    {
        Bounds.Check(Options.MaxRounds, 1, VerifyRefineOptions.MaxRoundsLimit, nameof(VerifyRefineOptions.MaxRounds));
        PromptTemplate.RequirePlaceholders(Options.RefinePrompt, nameof(VerifyRefineOptions.RefinePrompt), "feedback");
        PromptTemplate.RequireText(Options.IncorrectPrompt, nameof(VerifyRefineOptions.IncorrectPrompt));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The context has no <see cref="StrategyContext.FeedbackVerifier"/> (thrown before any call).</exception>
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        var verifier = context.FeedbackVerifier ?? throw new InvalidOperationException(
            "The verify-refine strategy needs a feedback verifier (StrategyContext.FeedbackVerifier), and none was configured. " +
            "Hand it one explicitly (this makes the run oracle-assisted), or choose a strategy that does not use a verifier.");
        return RunGuardedAsync(problem, context, async builder =>
        {
            var conversation = problem.Messages.ToList();
            var answer = await StrategyRun.AnswerAsync(builder, conversation.ToList(), TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            for (var round = 0; ; round++)
            {
                var verdict = await verifier.VerifyAsync(problem, answer, cancellationToken).ConfigureAwait(false);
                builder.AddTurn(TurnRole.Verify, [], $"{verdict.Label}: {verdict.Explanation}", verdict: verdict);
                if (verdict.IsCorrect)
                {
                    return builder.Finish(StopReasons.VerifierPassed);
                }

                if (round == Options.MaxRounds)
                {
                    return builder.Finish(StopReasons.MaxRounds);
                }

                var feedback = Options.Feedback == VerifierFeedbackMode.Explanation
                    ? PromptTemplate.Render(Options.RefinePrompt, new Dictionary<string, string> { ["feedback"] = verdict.Explanation })
                    : Options.IncorrectPrompt;
                answer = await StrategyRun.FollowUpAsync(builder, conversation, answer.Text, feedback, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken, sawVerifier: true);
    }
}
