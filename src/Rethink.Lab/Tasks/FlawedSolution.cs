namespace Rethink.Lab.Tasks;

/// <summary>A worked solution with an error injected on purpose at one step, carried consistently to the answer.</summary>
/// <param name="Text">The flawed solution text.</param>
/// <param name="WrongStep">1-based index of the injected error.</param>
/// <param name="WrongAnswer">The (wrong) final answer the flawed solution ends with.</param>
/// <param name="CorrectLine">What the wrong step should have said.</param>
/// <param name="WrongLine">What the wrong step says.</param>
public sealed record FlawedSolution(string Text, int WrongStep, long WrongAnswer, string CorrectLine, string WrongLine);
