namespace Rethink.Core;

/// <summary>A judge's decision over candidate attempts.</summary>
/// <param name="Scores">One score per candidate, in candidate order (higher is better).</param>
/// <param name="BestIndex">Index of the chosen candidate.</param>
/// <param name="Verdict">The reason for the choice (reason id + explanation).</param>
/// <param name="Calls">Model calls the judge made.</param>
public sealed record Judgement(IReadOnlyList<double> Scores, int BestIndex, Verdict Verdict, IReadOnlyList<CallRecord> Calls);
