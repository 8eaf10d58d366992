namespace Rethink.Core;

/// <summary>
/// What a problem is checked against. Only verifiers used for scoring read it; a strategy sees it only through a
/// feedback verifier the run configuration hands over (the oracle setting), never directly.
/// </summary>
public sealed record Reference
{
    /// <summary>An empty reference (open-ended problem).</summary>
    public static Reference None { get; } = new();

    /// <summary>How <see cref="Answer"/> is compared.</summary>
    public AnswerKind Kind { get; init; }

    /// <summary>The gold final answer (a number, a letter, a string or a pattern, per <see cref="Kind"/>).</summary>
    public string? Answer { get; init; }

    /// <summary>The gold worked solution, when the dataset has one.</summary>
    public string? Solution { get; init; }

    /// <summary>Answer options for multiple choice, in letter order (A first).</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Test code for code problems.</summary>
    public string? Tests { get; init; }

    /// <summary>The function under test for code problems.</summary>
    public string? EntryPoint { get; init; }

    /// <summary>Constraints the answer must satisfy (instruction-following problems).</summary>
    public IReadOnlyList<string>? Constraints { get; init; }
}
