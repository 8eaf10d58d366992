namespace Rethink.Strategies;

/// <summary>Options of <see cref="ChainOfThoughtStrategy"/>.</summary>
public sealed record ChainOfThoughtOptions
{
    /// <summary>Text appended (after a blank line) to the last user message; see <see cref="ChainOfThoughtStrategy.DefaultInstruction"/>.</summary>
    public string Instruction { get; init; } = ChainOfThoughtStrategy.DefaultInstruction;
}
