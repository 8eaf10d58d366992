namespace Rethink.Strategies;

/// <summary>One setting a strategy accepts through <see cref="StrategyCatalog.Create"/>; values are invariant-culture strings.</summary>
/// <param name="Name">The setting's key (snake_case, e.g. <c>max_rounds</c>); the same key appears in <c>IStrategy.Settings</c>.</param>
/// <param name="Type">One of <c>int</c>, <c>double</c>, <c>bool</c>, <c>enum</c>, <c>text</c> (a prompt or phrase).</param>
/// <param name="Default">The default value as a string (empty for an unset optional value).</param>
/// <param name="Description">What it changes, for help text.</param>
public sealed record StrategySettingDescriptor(string Name, string Type, string Default, string Description)
{
    /// <summary>Inclusive lower bound for numbers, or null.</summary>
    public string? Minimum { get; init; }

    /// <summary>Inclusive upper bound for numbers, or null.</summary>
    public string? Maximum { get; init; }

    /// <summary>The accepted values for enums, or null.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>True when an empty value is accepted and means "off" (optional phrases and thresholds).</summary>
    public bool Optional { get; init; }
}
