namespace Rethink.Core;

/// <summary>
/// One step of a trajectory. A turn is <see cref="Committed"/> when its <see cref="Attempt"/> became the strategy's
/// current answer (what it would return if stopped right after this turn); metrics "per turn" (Acc@t, transitions
/// between the first and the final answer) walk the committed turns only.
/// </summary>
public sealed record Turn
{
    /// <summary>Position in the trajectory, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>What this step did.</summary>
    public required TurnRole Role { get; init; }

    /// <summary>The model calls made in this step (empty for non-model steps such as a vote or a program verifier).</summary>
    public IReadOnlyList<CallRecord> Calls { get; init; } = [];

    /// <summary>The step's textual output (an answer, a critique, a verifier explanation...).</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>The answer this step produced or selected, if it produced one.</summary>
    public Attempt? Attempt { get; init; }

    /// <summary>True when <see cref="Attempt"/> became the strategy's current answer.</summary>
    public bool Committed { get; init; }

    /// <summary>The critique this step produced, if any.</summary>
    public Critique? Critique { get; init; }

    /// <summary>The verdict of a verifier or judge used in this step, if any (feedback the strategy saw).</summary>
    public Verdict? Verdict { get; init; }

    /// <summary>The program run of an <see cref="TurnRole.Execute"/> step (output the strategy saw as evidence), if any.</summary>
    public Execution.ExecutionResult? Execution { get; init; }
}
