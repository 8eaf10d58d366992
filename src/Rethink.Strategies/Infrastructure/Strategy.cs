using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// The shell every built-in strategy shares: the options record, the <see cref="IStrategy.Settings"/> snapshot of it
/// under the catalog's keys, and the guarded start of a run, so that a strategy's own file holds its prompts, its
/// bounds and its algorithm. Only this assembly derives from it. Immutable and thread-safe: a derived strategy keeps
/// no state beyond its options, and every run has its own <see cref="TrajectoryBuilder"/>.
/// </summary>
/// <typeparam name="TOptions">The strategy's options record.</typeparam>
public abstract class Strategy<TOptions> : IStrategy
    where TOptions : class
{
    // The snapshot is taken before the derived constructor checks the bounds: formatting never throws, and a strategy
    // whose options fail the checks is never handed out.
    private protected Strategy(TOptions options, IReadOnlyList<SettingBinding<TOptions>> bindings)
    {
        Options = options;
        Settings = SettingsSnapshot.Of(bindings, options);
    }

    /// <summary>The options.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public abstract Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks the arguments, starts a trajectory of this strategy on <paramref name="problem"/> (marked
    /// <see cref="Trajectory.SawVerifier"/> when <paramref name="sawVerifier"/>) and runs <paramref name="body"/> on it
    /// under <see cref="StrategyRun.GuardAsync"/>. Checks that must fail before any call belong before this.
    /// </summary>
    private protected Task<Trajectory> RunGuardedAsync(
        Problem problem,
        StrategyContext context,
        Func<TrajectoryBuilder, Task<Trajectory>> body,
        CancellationToken cancellationToken,
        bool sawVerifier = false)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        var builder = new TrajectoryBuilder(problem, Name, context) { SawVerifier = sawVerifier };
        return StrategyRun.GuardAsync(builder, () => body(builder), cancellationToken);
    }
}
