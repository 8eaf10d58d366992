using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// The baseline: send the problem's messages as they are, once, and commit the answer. Stop reason
/// <c>single_pass</c>. Immutable and thread-safe.
/// </summary>
public sealed class DirectStrategy : Strategy<DirectOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "direct";

    internal static readonly IReadOnlyList<SettingBinding<DirectOptions>> Bindings = [];

    /// <summary>Creates the strategy.</summary>
    public DirectStrategy(DirectOptions? options = null)
        : base(options ?? new DirectOptions(), Bindings)
    {
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <inheritdoc />
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default) =>
        RunGuardedAsync(problem, context, async builder =>
        {
            await StrategyRun.AnswerAsync(builder, problem.Messages, TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            return builder.Finish(StopReasons.SinglePass);
        }, cancellationToken);
}
