using System.Globalization;
using Rethink.Core;

namespace Rethink.Lab.Tasks;

/// <summary>
/// The lab's exact verifier: the final <c>Answer: N</c> line must equal the problem's gold integer. The explanation never reveals the
/// gold answer or the wrong step, so the verifier can be handed to verify-refine as binary feedback. Reason ids:
/// <c>lab.correct</c>, <c>lab.wrong_answer</c>, <c>lab.no_answer</c>, <c>lab.no_reference</c>. Stateless, thread-safe.
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
            return Task.FromResult(Verdict.Incorrect("lab.no_answer", "No 'Answer: N' line with an integer was found."));
        }

        if (answer == gold)
        {
            return Task.FromResult(Verdict.Correct("lab.correct", string.Create(CultureInfo.InvariantCulture, $"Answer {answer} equals the reference.")));
        }

        return Task.FromResult(Verdict.Incorrect("lab.wrong_answer", string.Create(CultureInfo.InvariantCulture, $"Answer {answer} differs from the reference.")));
    }
}
