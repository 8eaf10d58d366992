using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>How to make a lab training set.</summary>
public sealed record LabDataRecipe
{
    /// <summary>Seed of the problem stream and of every random choice (flaw placement, strategy rotation).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The (family, difficulty) cells to draw problems from.</summary>
    public required IReadOnlyList<LabCell> Cells { get; init; }

    /// <summary>Problems per cell.</summary>
    public int ProblemsPerCell { get; init; } = 1000;

    /// <summary>
    /// Share of correction conversations whose first answer is flawed (the rest start from a right answer and teach the
    /// model to keep it: the Confidence-vs-Critique CCT mix, where about 40% of examples keep a correct answer).
    /// </summary>
    public double FlawedShare { get; init; } = 0.6;

    /// <summary>Share of problems that also yield a correction conversation (0 for the plain SFT recipe).</summary>
    public double CorrectionShare { get; init; }
}
