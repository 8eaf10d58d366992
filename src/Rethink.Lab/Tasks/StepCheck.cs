namespace Rethink.Lab.Tasks;

/// <summary>
/// The result of checking a worked solution step by step. <see cref="FirstWrongStep"/> is 1-based and refers to the
/// solution's own step lines; when the steps are right but the final line is wrong it is null and
/// <see cref="Reason"/> says so.
/// </summary>
/// <param name="AnswerCorrect">The final answer equals the gold answer.</param>
/// <param name="StepsCorrect">Every step is right given the solution's own earlier results.</param>
/// <param name="FirstWrongStep">1-based index of the first wrong step, or null.</param>
/// <param name="Reason">Stable reason id: <c>step.ok</c>, <c>step.arithmetic</c>, <c>step.wrong_operand</c>,
/// <c>step.malformed</c>, <c>step.missing</c>, <c>step.extra</c>, <c>answer.missing</c>, <c>answer.mismatch</c>.</param>
/// <param name="Explanation">What was expected at the first problem, for people.</param>
/// <param name="ExpectedLine">The line that should stand at <see cref="FirstWrongStep"/> (computed from the
/// solution's own earlier results), when there is one.</param>
public sealed record StepCheck(bool AnswerCorrect, bool StepsCorrect, int? FirstWrongStep, string Reason, string Explanation, string? ExpectedLine);
