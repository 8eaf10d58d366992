namespace Rethink.Lab.Tasks;

/// <summary>The registry of lab task families.</summary>
public static class LabFamilies
{
    /// <summary>Every family, in a fixed order.</summary>
    public static IReadOnlyList<ITaskFamily> All { get; } = [new ArithFamily(), new AddFamily(), new LinearEquationFamily()];

    /// <summary>The family named <paramref name="name"/>; throws listing the known names when there is none.</summary>
    public static ITaskFamily Get(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Unknown lab task family '{name}'. Known: {string.Join(", ", All.Select(f => f.Name))}.", nameof(name));
}
