namespace Rethink.Engine.Kernels;

/// <summary>
/// A unit of data-parallel work split into a fixed number of parts. Each part must write outputs disjoint from
/// every other part, so the result does not depend on which thread runs which part (determinism).
/// </summary>
internal interface IParallelJob
{
    /// <summary>Runs part <paramref name="part"/> (0 .. parts-1).</summary>
    void Execute(int part);
}
