using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// The baseline: send the problem's messages as they are, once, and commit the answer. Stop reason
/// <c>single_pass</c>. Immutable and thread-safe.
/// </summary>
public sealed class DirectStrategy : IStrategy
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "direct";

    internal static readonly IReadOnlyList<SettingBinding<DirectOptions>> Bindings = [];

    /// <summary>Creates the strategy.</summary>
    public DirectStrategy(DirectOptions? options = null)
    {
        Options = options ?? new DirectOptions();
        Settings = SettingsSnapshot.Of(Bindings, Options);
    }

    /// <summary>The options.</summary>
    public DirectOptions Options { get; }

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        var builder = new TrajectoryBuilder(problem, Name, context);
        return StrategyRun.GuardAsync(builder, async () =>
        {
            await StrategyRun.AnswerAsync(builder, problem.Messages, TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            return builder.Finish(StopReasons.SinglePass);
        }, cancellationToken);
    }
}
