using Rethink.Core;

namespace Rethink.Evaluation.Tests.Reports;

/// <summary>One turn of a hand-built trajectory: an optional model call and, for committed turns, the scoring verdict.</summary>
internal sealed record Step(
    TurnRole Role,
    ModelRole? CallRole = null,
    long Input = 0,
    long Output = 0,
    bool? Correct = null,
    VerdictLabel? CritiqueLabel = null)
{
    public static Step Generate(bool correct) => new(TurnRole.Generate, ModelRole.Generator, 10, 5, correct);

    public static Step Critique(VerdictLabel label) => new(TurnRole.Critique, ModelRole.Critic, 20, 3, CritiqueLabel: label);

    public static Step Refine(bool correct) => new(TurnRole.Refine, ModelRole.Generator, 30, 7, correct);

    public static Step Verify() => new(TurnRole.Verify);
}
