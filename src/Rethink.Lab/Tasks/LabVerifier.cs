using System.Globalization;
using Rethink.Core;

namespace Rethink.Lab.Tasks;

/// <summary>
/// The lab's exact verifier: the final <c>Answer: N</c> line must equal the problem's gold integer. The explanation never reveals the
/// gold answer or the wrong step, so the verifier can be handed to verify-refine as binary feedback. Reason ids:
/// <c>lab.correct</c>, <c>lab.wrong_answer</c>, <c>lab.no_answer</c>, <c>lab.no_reference</c>. An incorrect verdict on a
/// lab problem (an id <see cref="LabSuite.FromId"/> can regenerate) carries <see cref="Verdict.ErrorLocation"/>: "step K"
/// for the first wrong step the family's checker finds, "answer" when only the answer line is wrong. Stateless,
/// thread-safe.
/// </summary>
public sealed class LabVerifier : IVerifier
{
    /// <inheritdoc />
    public string Name => "lab";

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        if (!long.TryParse(problem.Reference.Answer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var gold))
        {
            return Task.FromResult(Verdict.Unsure("lab.no_reference", $"Problem {problem.Id} has no integer reference answer."));
        }

        var parsed = LabSolution.Parse(attempt.Text);
        if (parsed.Answer is not { } answer)
        {
            return Task.FromResult(Verdict.Incorrect("lab.no_answer", "No 'Answer: N' line with an integer was found.") with { ErrorLocation = Locate(problem, attempt.Text) });
        }

        if (answer == gold)
        {
            return Task.FromResult(Verdict.Correct("lab.correct", string.Create(CultureInfo.InvariantCulture, $"Answer {answer} equals the reference.")));
        }

        return Task.FromResult(Verdict.Incorrect("lab.wrong_answer", string.Create(CultureInfo.InvariantCulture, $"Answer {answer} differs from the reference.")) with { ErrorLocation = Locate(problem, attempt.Text) });
    }

    // The step checker's first wrong step; null for a problem that is not a regenerable lab problem (or whose id
    // regenerates another question).
    private static string? Locate(Problem problem, string text)
    {
        LabProblem lab;
        try
        {
            lab = LabSuite.FromId(problem.Id);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (!string.Equals(lab.Question, problem.Question, StringComparison.Ordinal))
        {
            return null;
        }

        var check = LabFamilies.Get(lab.Family).Check(lab, text);
        return check.FirstWrongStep is { } step
            ? string.Create(CultureInfo.InvariantCulture, $"step {step}")
            : check.AnswerCorrect ? null : "answer";
    }
}
