using Rethink.Core;

namespace Rethink.Evaluation.Tests.Reports;

/// <summary>A hand-written scoring verifier: the extracted answer must equal the gold answer exactly. Records what it saw.</summary>
internal sealed class GoldAnswerVerifier : IVerifier
{
    public List<string?> Seen { get; } = [];

    public string Name => "gold-exact";

    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        Seen.Add(attempt.Answer);
        return Task.FromResult(attempt.Answer is null
            ? Verdict.Incorrect("gold.no_answer", "no answer found")
            : attempt.Answer == problem.Reference.Answer
                ? Verdict.Correct("gold.equal", "equals " + problem.Reference.Answer)
                : Verdict.Incorrect("gold.different", attempt.Answer + " is not " + problem.Reference.Answer));
    }
}
