namespace Rethink.Lab.Tasks;

/// <summary>
/// One generated lab problem with its worked solution. The solution is a list of step lines followed by a final
/// line <c>Answer: N</c>; every family's step checker reads that same shape back.
/// </summary>
public sealed record LabProblem
{
    /// <summary>The family that made it (e.g. <c>arith</c>).</summary>
    public required string Family { get; init; }

    /// <summary>Stable id: family, seed, index and difficulty.</summary>
    public required string Id { get; init; }

    /// <summary>Difficulty level (family-specific scale, 1 = easiest).</summary>
    public required int Difficulty { get; init; }

    /// <summary>The question as the model sees it.</summary>
    public required string Question { get; init; }

    /// <summary>The correct step lines, in order.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>The correct final answer.</summary>
    public required long Answer { get; init; }

    /// <summary>The worked solution text: the steps, one per line, then <c>Answer: N</c>.</summary>
    public string Solution => LabSolution.Render(Steps, Answer);
}
