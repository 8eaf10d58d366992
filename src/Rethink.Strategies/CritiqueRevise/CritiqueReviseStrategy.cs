using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// Intrinsic self-correction as studied by Huang et al. (2024): in one conversation the model answers, is asked to
/// review its previous answer and find problems with it, and is then asked to improve its answer based on the problems
/// it found. No external feedback is involved; the critique call goes to <see cref="StrategyContext.CriticClient"/>
/// (the generator itself unless a critic model is configured) with role critic, and sees the same conversation.
/// <see cref="StrategyContext.Critic"/> is not used: the protocol is a conversation with the model's own critique in
/// it (use <see cref="SelfRefineStrategy"/> to refine on an external critic's feedback).
/// <para>
/// Loop: a1 (committed); then per round: critique turn; stop <c>critic_accepted</c> if the critique says it found no
/// problems (when <see cref="CritiqueReviseOptions.StopWhenNoProblems"/>); revise turn (committed); stop
/// <c>no_change</c> if the revised answer equals the previous one (when <see cref="CritiqueReviseOptions.StopOnNoChange"/>);
/// after <see cref="CritiqueReviseOptions.MaxRounds"/> rounds stop <c>max_rounds</c>.
/// </para>
/// <para>
/// Parsing rule for the critique: the prompt asks the model to end with a marker line. The last occurrence
/// (case-insensitive) of either <see cref="CritiqueReviseOptions.NoProblemsMarker"/> or
/// <see cref="CritiqueReviseOptions.ProblemsMarker"/> decides: no-problems → label correct, problems → label incorrect;
/// neither marker → label unsure, which never stops the loop. Free-text phrases such as "no problems" are deliberately
/// not matched, because "no problems with step 1, but step 2 is wrong" would be misread.
/// </para>
/// Model output (answers and critiques) is fed back into later prompts: treat it as untrusted (prompt-injection risk).
/// Immutable and thread-safe.
/// </summary>
public sealed class CritiqueReviseStrategy : Strategy<CritiqueReviseOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "critique-revise";

    /// <summary>Default marker for "no problems found".</summary>
    public const string DefaultNoProblemsMarker = "VERDICT: NO PROBLEMS";

    /// <summary>Default marker for "problems found".</summary>
    public const string DefaultProblemsMarker = "VERDICT: PROBLEMS FOUND";

    /// <summary>The default critique turn.</summary>
    public const string DefaultCritiquePrompt = """
        Go back over your previous answer carefully and look for any problems with it: mistakes in reasoning, calculation, facts or the final answer.
        Describe each problem you find. Finish with one final line that is exactly "VERDICT: PROBLEMS FOUND" if you found at least one problem, or exactly "VERDICT: NO PROBLEMS" if you found none.
        """;

    /// <summary>The default revise turn.</summary>
    public const string DefaultRevisePrompt = """
        Taking into account the problems you identified, write an improved answer to the original question.
        """;

    internal static readonly IReadOnlyList<SettingBinding<CritiqueReviseOptions>> Bindings =
    [
        Bind.Int<CritiqueReviseOptions>("max_rounds", "Critique-and-revise rounds at most.", 1, CritiqueReviseOptions.MaxRoundsLimit, o => o.MaxRounds, (o, v) => o with { MaxRounds = v }),
        Bind.Bool<CritiqueReviseOptions>("stop_when_no_problems", "Stop when the critique ends with the no-problems marker.", o => o.StopWhenNoProblems, (o, v) => o with { StopWhenNoProblems = v }),
        Bind.Bool<CritiqueReviseOptions>("stop_on_no_change", "Stop when the revised answer equals the previous one.", o => o.StopOnNoChange, (o, v) => o with { StopOnNoChange = v }),
        Bind.Text<CritiqueReviseOptions>("critique_prompt", "User turn asking the model to find problems in its answer.", o => o.CritiquePrompt, (o, v) => o with { CritiquePrompt = v }),
        Bind.Text<CritiqueReviseOptions>("revise_prompt", "User turn asking the model to improve its answer.", o => o.RevisePrompt, (o, v) => o with { RevisePrompt = v }),
        Bind.Text<CritiqueReviseOptions>("no_problems_marker", "Marker a critique ends with when it found no problems.", o => o.NoProblemsMarker, (o, v) => o with { NoProblemsMarker = v }),
        Bind.Text<CritiqueReviseOptions>("problems_marker", "Marker a critique ends with when it found problems.", o => o.ProblemsMarker, (o, v) => o with { ProblemsMarker = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming a bad option.</summary>
    public CritiqueReviseStrategy(CritiqueReviseOptions? options = null)
        : base(options ?? new CritiqueReviseOptions(), Bindings)
    {
        Bounds.Check(Options.MaxRounds, 1, CritiqueReviseOptions.MaxRoundsLimit, nameof(CritiqueReviseOptions.MaxRounds));
        PromptTemplate.RequireText(Options.CritiquePrompt, nameof(CritiqueReviseOptions.CritiquePrompt));
        PromptTemplate.RequireText(Options.RevisePrompt, nameof(CritiqueReviseOptions.RevisePrompt));
        PromptTemplate.RequireText(Options.NoProblemsMarker, nameof(CritiqueReviseOptions.NoProblemsMarker));
        PromptTemplate.RequireText(Options.ProblemsMarker, nameof(CritiqueReviseOptions.ProblemsMarker));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <summary>The label the parsing rule (see the class remarks) gives <paramref name="critique"/>.</summary>
    public VerdictLabel ParseCritique(string critique)
    {
        ArgumentNullException.ThrowIfNull(critique);
        var none = critique.LastIndexOf(Options.NoProblemsMarker, StringComparison.OrdinalIgnoreCase);
        var some = critique.LastIndexOf(Options.ProblemsMarker, StringComparison.OrdinalIgnoreCase);
        if (none < 0 && some < 0)
        {
            return VerdictLabel.Unsure;
        }

        return none > some ? VerdictLabel.Correct : VerdictLabel.Incorrect;
    }

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            var conversation = problem.Messages.ToList();
            var answer = await StrategyRun.AnswerAsync(builder, conversation.ToList(), TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            for (var round = 0; round < Options.MaxRounds; round++)
            {
                conversation.Add(Message.Assistant(answer.Text));
                conversation.Add(Message.User(Options.CritiquePrompt));
                var reply = await StrategyRun.CriticCallAsync(builder, conversation.ToList(), cancellationToken).ConfigureAwait(false);
                var critique = new Critique(reply.Text, ParseCritique(reply.Text), context.CriticModel is null ? CritiqueSource.Self : CritiqueSource.OtherModel);
                builder.AddTurn(TurnRole.Critique, [reply.Call], reply.Text, critique: critique);
                if (Options.StopWhenNoProblems && critique.Label == VerdictLabel.Correct)
                {
                    return builder.Finish(StopReasons.CriticAccepted);
                }

                var revised = await StrategyRun.FollowUpAsync(builder, conversation, reply.Text, Options.RevisePrompt, cancellationToken).ConfigureAwait(false);
                var unchanged = StrategyRun.SameAnswer(context, answer, revised);
                answer = revised;
                if (Options.StopOnNoChange && unchanged)
                {
                    return builder.Finish(StopReasons.NoChange);
                }
            }

            return builder.Finish(StopReasons.MaxRounds);
        }, cancellationToken);
}
