using Rethink.Core;

namespace Rethink.Lab.Evaluation;

/// <summary>The lab suite as an evaluation dataset: its problems and the identity a run fingerprints. Immutable.</summary>
/// <param name="Problems">The held-out problems, in order, with their given first answers when asked for.</param>
/// <param name="Name">The suite's name (<c>lab-suite-10-per-cell</c>, plus <c>-mixed-answers</c> and the like).</param>
/// <param name="Sha256">The SHA-256 of the problems themselves (ids, questions, answers, given answers), lower-case hex.</param>
public sealed record LabEvaluationSuite(IReadOnlyList<Problem> Problems, string Name, string Sha256);
