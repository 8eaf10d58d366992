namespace Rethink.Lab.Tasks;

/// <summary>A solution text split into step lines and final answer.</summary>
/// <param name="Steps">Non-empty lines before the answer line.</param>
/// <param name="Answer">The final answer, or null when the answer line is missing or not an integer.</param>
/// <param name="HasAnswerLine">True when an <c>Answer:</c> line was present (even if unparseable).</param>
public sealed record ParsedSolution(IReadOnlyList<string> Steps, long? Answer, bool HasAnswerLine);
