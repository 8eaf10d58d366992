namespace Rethink.Core;

/// <summary>A critique and the model calls that produced it (empty for non-model critics).</summary>
/// <param name="Critique">The feedback.</param>
/// <param name="Calls">The calls made, for the trajectory and cost accounting.</param>
public sealed record CritiqueResult(Critique Critique, IReadOnlyList<CallRecord> Calls);
