using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// Zero-shot chain of thought: the problem's last user message gets a step-by-step instruction appended, and the
/// model answers once. Stop reason <c>single_pass</c>. Immutable and thread-safe.
/// </summary>
public sealed class ChainOfThoughtStrategy : Strategy<ChainOfThoughtOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "cot";

    /// <summary>The default instruction appended to the question.</summary>
    public const string DefaultInstruction = """
        Work through this step by step, showing your reasoning, and then state your final answer.
        """;

    internal static readonly IReadOnlyList<SettingBinding<ChainOfThoughtOptions>> Bindings =
    [
        Bind.Text<ChainOfThoughtOptions>("instruction", "Instruction appended to the last user message.", o => o.Instruction, (o, v) => o with { Instruction = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentException"/> when the instruction is empty.</summary>
    public ChainOfThoughtStrategy(ChainOfThoughtOptions? options = null)
        : base(options ?? new ChainOfThoughtOptions(), Bindings)
    {
        PromptTemplate.RequireText(Options.Instruction, nameof(ChainOfThoughtOptions.Instruction));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            await StrategyRun.AnswerAsync(builder, WithInstruction(problem.Messages, Options.Instruction), TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            return builder.Finish(StopReasons.SinglePass);
        }, cancellationToken);

    private static List<Message> WithInstruction(IReadOnlyList<Message> messages, string instruction)
    {
        var list = messages.ToList();
        var last = list.FindLastIndex(m => m.Role == MessageRoles.User);
        if (last < 0)
        {
            list.Add(Message.User(instruction));
        }
        else
        {
            list[last] = list[last] with { Text = list[last].Text + "\n\n" + instruction };
        }

        return list;
    }
}
