namespace Rethink.Lab.Training;

/// <summary>A built training set and what it is made of.</summary>
/// <param name="Examples">The examples, in a deterministic order.</param>
/// <param name="Problems">Distinct problems used.</param>
/// <param name="FlawedFirstAnswers">Correction conversations that started from a flawed answer.</param>
/// <param name="CorrectFirstAnswers">Correction conversations that started from a correct answer.</param>
/// <param name="Questions">Every question used (so evaluation can exclude them).</param>
public sealed record LabDataset(
    IReadOnlyList<LabChatExample> Examples,
    int Problems,
    int FlawedFirstAnswers,
    int CorrectFirstAnswers,
    IReadOnlySet<string> Questions)
{
    /// <summary>Correction conversations opened by a right answer of the student model (counted in <see cref="CorrectFirstAnswers"/>).</summary>
    public int StudentCorrect { get; init; }

    /// <summary>Correction conversations opened by a wrong answer of the student model (counted in <see cref="FlawedFirstAnswers"/>).</summary>
    public int StudentWrong { get; init; }

    /// <summary>Examples per strategy and role, e.g. "self-refine/Critic" =&gt; 812.</summary>
    public IReadOnlyDictionary<string, int> Counts =>
        Examples.GroupBy(e => e.Strategy + "/" + e.Role).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}
