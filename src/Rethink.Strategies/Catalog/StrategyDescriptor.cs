namespace Rethink.Strategies;

/// <summary>A strategy known to <see cref="StrategyCatalog"/>: its name, a one-line description and its settings.</summary>
/// <param name="Name">The name to create it by (e.g. <c>self-refine</c>).</param>
/// <param name="Description">One line for help text.</param>
/// <param name="Settings">The settings it accepts, in a stable order.</param>
public sealed record StrategyDescriptor(string Name, string Description, IReadOnlyList<StrategySettingDescriptor> Settings);
