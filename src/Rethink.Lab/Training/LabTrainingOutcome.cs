namespace Rethink.Lab.Training;

/// <summary>A finished training: the card written beside the model, and where both are. Immutable.</summary>
/// <param name="Card">The model card (also written as <c>STEM.card.json</c> and <c>STEM.md</c>).</param>
/// <param name="Stem">The path of the outputs without extension (<c>DIR/lab-NAME</c>).</param>
public sealed record LabTrainingOutcome(LabModelCard Card, string Stem);
