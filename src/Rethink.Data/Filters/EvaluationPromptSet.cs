namespace Rethink.Data;

/// <summary>A named evaluation dataset as the leak check sees it: its prompts (usually the questions). Immutable.</summary>
/// <param name="Name">The dataset's name, used in drop explanations.</param>
/// <param name="Prompts">The prompts.</param>
public sealed record EvaluationPromptSet(string Name, IReadOnlyList<string> Prompts);
