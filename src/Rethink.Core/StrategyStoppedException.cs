namespace Rethink.Core;

/// <summary>
/// Thrown by a strategy run that stopped early (budget exhausted, cancelled); carries the trajectory up to that point
/// so that nothing already paid for is lost.
/// </summary>
public sealed class StrategyStoppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StrategyStoppedException(Trajectory partial, string message, Exception? inner = null)
        : base(message, inner)
    {
        Partial = partial;
    }

    /// <summary>Creates the exception (serialization-less default required by analyzers).</summary>
    public StrategyStoppedException()
        : this(new Trajectory { ProblemId = string.Empty, Strategy = string.Empty, Turns = [], Final = new Attempt(string.Empty, null, default), StopReason = StopReasons.Error }, "stopped")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StrategyStoppedException(string message)
        : this(new Trajectory { ProblemId = string.Empty, Strategy = string.Empty, Turns = [], Final = new Attempt(string.Empty, null, default), StopReason = StopReasons.Error }, message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StrategyStoppedException(string message, Exception innerException)
        : this(new Trajectory { ProblemId = string.Empty, Strategy = string.Empty, Turns = [], Final = new Attempt(string.Empty, null, default), StopReason = StopReasons.Error }, message, innerException)
    {
    }

    /// <summary>The trajectory up to the stop; its <see cref="Trajectory.StopReason"/> says why.</summary>
    public Trajectory Partial { get; }
}
