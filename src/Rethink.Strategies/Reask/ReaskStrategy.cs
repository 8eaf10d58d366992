using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// The Confidence-vs-Critique protocol (Yang et al., 2024): answer (a1), then ask the same question again as the next
/// user turn of the same conversation, with no hint that anything was wrong, and answer again (a2). Every answer is
/// committed, so a1 → aT measures how often the model keeps a right answer and fixes a wrong one. With
/// <see cref="ReaskOptions.Rounds"/> &gt; 1 the question is repeated that many times. Stop reason <c>max_rounds</c>.
/// The model's own answers are fed back as assistant turns (prompt-injection risk: they are model output).
/// Immutable and thread-safe.
/// </summary>
public sealed class ReaskStrategy : Strategy<ReaskOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "reask";

    internal static readonly IReadOnlyList<SettingBinding<ReaskOptions>> Bindings =
    [
        Bind.Int<ReaskOptions>("rounds", "Times the question is asked again after the first answer.", 1, ReaskOptions.MaxRoundsLimit, o => o.Rounds, (o, v) => o with { Rounds = v }),
        Bind.OptionalText<ReaskOptions>("system_prompt", "System message added when the problem has none (empty: none).", o => o.SystemPrompt, (o, v) => o with { SystemPrompt = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> naming a bad bound.</summary>
    public ReaskStrategy(ReaskOptions? options = null)
        : base(options ?? new ReaskOptions(), Bindings)
    {
        Bounds.Check(Options.Rounds, 1, ReaskOptions.MaxRoundsLimit, nameof(ReaskOptions.Rounds));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            var conversation = problem.Messages.ToList();
            if (Options.SystemPrompt is { } system && !conversation.Exists(m => m.Role == MessageRoles.System))
            {
                conversation.Insert(0, Message.System(system));
            }

            var answer = await StrategyRun.AnswerAsync(builder, conversation.ToList(), TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            for (var round = 0; round < Options.Rounds; round++)
            {
                answer = await StrategyRun.FollowUpAsync(builder, conversation, answer.Text, problem.Question, cancellationToken).ConfigureAwait(false);
            }

            return builder.Finish(StopReasons.MaxRounds);
        }, cancellationToken);
}
