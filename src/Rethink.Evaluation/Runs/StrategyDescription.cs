using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>A strategy as a run configuration records it: its name and every behaviour-changing setting. Immutable.</summary>
/// <param name="Name">The strategy's stable name (<see cref="IStrategy.Name"/>).</param>
/// <param name="Settings">The strategy's settings (<see cref="IStrategy.Settings"/>), prompts included.</param>
public sealed record StrategyDescription(string Name, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The description of <paramref name="strategy"/> (settings are copied).</summary>
    public static StrategyDescription From(IStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new StrategyDescription(strategy.Name, new SortedDictionary<string, string>(strategy.Settings.ToDictionary(), StringComparer.Ordinal));
    }
}
