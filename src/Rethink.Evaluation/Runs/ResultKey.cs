namespace Rethink.Evaluation.Runs;

/// <summary>Identity of one result within a run; the store holds at most one result per key.</summary>
/// <param name="Strategy">Strategy name.</param>
/// <param name="ProblemId">Problem id.</param>
/// <param name="Sample">Run sample index, from 0.</param>
public sealed record ResultKey(string Strategy, string ProblemId, int Sample);
