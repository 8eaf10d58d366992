using Rethink.Core;

namespace Rethink.Evaluation.Tests.Runs.Fakes;

/// <summary>A strategy that makes no call and commits nothing (the no-answer case).</summary>
public sealed class SilentStrategy : IStrategy
{
    public string Name => "silent";

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TrajectoryBuilder(problem, Name, context).Finish(StopReasons.SinglePass));
}
