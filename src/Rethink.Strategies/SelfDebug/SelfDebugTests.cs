namespace Rethink.Strategies;

/// <summary>Which tests <see cref="SelfDebugStrategy"/> runs and shows the model.</summary>
public enum SelfDebugTests
{
    /// <summary>
    /// The problem's visible tests (<c>Problem.Metadata["visible_tests"]</c>), else the doctest examples of its prompt;
    /// the honest setting.
    /// </summary>
    Visible,

    /// <summary>
    /// The hidden tests the problem is scored with (<see cref="Core.Reference.Tests"/>): oracle feedback. Trajectories
    /// are marked <see cref="Core.Trajectory.SawVerifier"/> so reports label the results oracle-assisted.
    /// </summary>
    Hidden,
}
