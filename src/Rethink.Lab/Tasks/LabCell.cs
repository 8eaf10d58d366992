namespace Rethink.Lab.Tasks;

/// <summary>A (family, difficulty) pair: one cell of a lab suite or training mix.</summary>
/// <param name="Family">Family name.</param>
/// <param name="Difficulty">Difficulty level.</param>
public sealed record LabCell(string Family, int Difficulty);
