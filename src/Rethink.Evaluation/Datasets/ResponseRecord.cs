namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Recorded answers to one problem, read from a responses file for <c>rethink score</c>: the answers a model gave in
/// order (turn 1 = first answer a1, the last = final answer aT).
/// </summary>
/// <param name="ProblemId">The problem's id in the dataset.</param>
/// <param name="Sample">Sample index (0 when the file has one trajectory per problem).</param>
/// <param name="Source">The label of the strategy or source that produced it, when the line names one.</param>
/// <param name="Turns">The answers in order; at least one.</param>
/// <param name="Line">1-based line number in the responses file.</param>
public sealed record ResponseRecord(string ProblemId, int Sample, string? Source, IReadOnlyList<string> Turns, int Line);
