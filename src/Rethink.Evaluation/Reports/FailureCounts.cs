using Rethink.Core;

namespace Rethink.Evaluation.Reports;

/// <summary>
/// Trajectories that did not finish normally, by <see cref="StopReasons"/>. They stay in every accuracy as they are
/// scored (usually wrong: no answer), never dropped.
/// </summary>
/// <param name="Errors">Stopped with <see cref="StopReasons.Error"/>.</param>
/// <param name="Timeouts">Stopped with <see cref="StopReasons.Timeout"/>.</param>
/// <param name="Budget">Stopped with <see cref="StopReasons.Budget"/>.</param>
/// <param name="Cancelled">Stopped with <see cref="StopReasons.Cancelled"/>.</param>
public sealed record FailureCounts(int Errors, int Timeouts, int Budget, int Cancelled)
{
    /// <summary>All failures.</summary>
    public int Total => Errors + Timeouts + Budget + Cancelled;
}
