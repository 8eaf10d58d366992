namespace Rethink.Evaluation.Reports;

/// <summary>How many trajectories carried one reason id (a stop reason or a verdict reason).</summary>
/// <param name="Reason">The stable reason id.</param>
/// <param name="Count">How many.</param>
public sealed record ReasonCount(string Reason, int Count);
