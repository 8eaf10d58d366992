using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Checks that the attempt's final answer equals the gold text after SQuAD-style normalisation
/// (<see cref="TextNormalizer"/>: case, punctuation, the articles a/an/the, whitespace). The answer is found by
/// <see cref="TextAnswerExtractor"/> in <see cref="Attempt.Text"/> (falling back to <see cref="Attempt.Answer"/> when
/// the text yields nothing). Reason ids are listed in <see cref="ExactMatchReasons"/>. Stateless and thread-safe.
/// </summary>
public sealed class ExactMatchVerifier : IVerifier
{
    /// <summary>Shared instance (stateless).</summary>
    public static ExactMatchVerifier Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "exact";

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Verify(problem.Reference.Answer, attempt));
    }

    /// <summary>The verdict on <paramref name="attempt"/> against the gold text <paramref name="gold"/> (synchronous form).</summary>
    public static Verdict Verify(string? gold, Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var goldNormalized = gold is null ? string.Empty : TextNormalizer.Normalize(gold);
        if (goldNormalized.Length == 0)
        {
            return Verdict.Unsure(ExactMatchReasons.NoReference, $"The gold answer {(gold is null ? "is missing" : $"\"{gold}\" normalises to empty text")}.");
        }

        var extraction = AttemptAnswer.Find(attempt, TextAnswerExtractor.Instance.Analyze);

        var answerNormalized = extraction.Answer is null ? string.Empty : TextNormalizer.Normalize(extraction.Answer);
        if (answerNormalized.Length == 0)
        {
            return Verdict.Incorrect(ExactMatchReasons.NoAnswer, $"No answer text found in the response; gold is \"{gold}\".");
        }

        var comparison = $"Answer \"{extraction.Answer}\" (found by {extraction.Method}) normalised to \"{answerNormalized}\" vs gold \"{gold}\" normalised to \"{goldNormalized}\"";
        return string.Equals(answerNormalized, goldNormalized, StringComparison.Ordinal)
            ? Verdict.Correct(ExactMatchReasons.Equal, $"{comparison}: equal.")
            : Verdict.Incorrect(ExactMatchReasons.NotEqual, $"{comparison}: different.");
    }
}
