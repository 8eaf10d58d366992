using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// If-or-Else (IoE) confidence-gated correction (Li et al., 2024), in one conversation:
/// <list type="number">
/// <item>answer (a1, committed);</item>
/// <item>ask the model to review its answer and keep it if it is confident, otherwise update it (a2, committed);</item>
/// <item>if a2's extracted answer equals a1's (compared canonically through the extractor), the model kept its answer:
/// stop with <c>confident</c>; otherwise say that the two responses gave different answers and ask once more for the
/// best answer (a3, committed, final) and stop with <c>max_rounds</c>.</item>
/// </list>
/// So the final answer is a2 when it agrees with a1 and a3 otherwise (2 or 3 calls). The model's answers are fed back
/// as assistant turns (prompt-injection risk: untrusted text). Immutable and thread-safe.
/// </summary>
public sealed class IoeStrategy : Strategy<IoeOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "ioe";

    /// <summary>The default second turn.</summary>
    public const string DefaultConfidencePrompt = """
        Look at your previous answer again. If you are confident it is right, keep it and state it again. If you are not confident, change it and give your updated answer.
        """;

    /// <summary>The default third turn.</summary>
    public const string DefaultReconcilePrompt = """
        Your last two responses gave different answers. Re-read the problem, check both answers carefully, and give the single answer you judge best.
        """;

    internal static readonly IReadOnlyList<SettingBinding<IoeOptions>> Bindings =
    [
        Bind.Text<IoeOptions>("confidence_prompt", "Second turn: keep the answer if confident, otherwise update it.", o => o.ConfidencePrompt, (o, v) => o with { ConfidencePrompt = v }),
        Bind.Text<IoeOptions>("reconcile_prompt", "Third turn, only when the first two answers differ.", o => o.ReconcilePrompt, (o, v) => o with { ReconcilePrompt = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentException"/> when a prompt is empty.</summary>
    public IoeStrategy(IoeOptions? options = null)
        : base(options ?? new IoeOptions(), Bindings)
    {
        PromptTemplate.RequireText(Options.ConfidencePrompt, nameof(IoeOptions.ConfidencePrompt));
        PromptTemplate.RequireText(Options.ReconcilePrompt, nameof(IoeOptions.ReconcilePrompt));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            var conversation = problem.Messages.ToList();
            var first = await StrategyRun.AnswerAsync(builder, conversation.ToList(), TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            var second = await StrategyRun.FollowUpAsync(builder, conversation, first.Text, Options.ConfidencePrompt, cancellationToken).ConfigureAwait(false);
            if (StrategyRun.SameAnswer(context, first, second))
            {
                return builder.Finish(StopReasons.Confident);
            }

            await StrategyRun.FollowUpAsync(builder, conversation, second.Text, Options.ReconcilePrompt, cancellationToken).ConfigureAwait(false);
            return builder.Finish(StopReasons.MaxRounds);
        }, cancellationToken);
}
