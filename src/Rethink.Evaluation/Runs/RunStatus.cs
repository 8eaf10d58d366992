namespace Rethink.Evaluation.Runs;

/// <summary>Where a run stands. Every status but <see cref="Completed"/> can be resumed.</summary>
public enum RunStatus
{
    /// <summary>Created, nothing run yet.</summary>
    Created,

    /// <summary>A session is running it (or one crashed while running it).</summary>
    Running,

    /// <summary>Every (strategy, problem, sample) has a stored result.</summary>
    Completed,

    /// <summary>The user cancelled; unfinished problems were not stored.</summary>
    Interrupted,

    /// <summary>A run-level token or cost budget was reached; resume with a larger one to continue.</summary>
    BudgetStopped,

    /// <summary>Too many consecutive errors (e.g. an unreachable endpoint); see the run's message.</summary>
    Aborted,
}
