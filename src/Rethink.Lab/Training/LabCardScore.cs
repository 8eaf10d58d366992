namespace Rethink.Lab.Training;

/// <summary>Accuracy of a model on the card suite.</summary>
/// <param name="Accuracy">Share of problems answered correctly.</param>
/// <param name="Problems">Problems scored.</param>
/// <param name="ByFamily">Accuracy per family.</param>
public sealed record LabCardScore(double Accuracy, int Problems, IReadOnlyDictionary<string, double> ByFamily);
