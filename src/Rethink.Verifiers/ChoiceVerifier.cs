using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Checks that an attempt chooses the gold option. The gold (<see cref="Reference.Answer"/>) is a letter ("B", "b",
/// "(B)") or, when <see cref="Reference.Choices"/> is set, the text of one option. The response is read by a
/// <see cref="ChoiceAnswerExtractor"/> given the problem's options (from <see cref="Attempt.Text"/>, falling back to
/// <see cref="Attempt.Answer"/> when the text yields nothing); ambiguous responses are refused, not guessed. Reason
/// ids are listed in <see cref="ChoiceReasons"/>. Stateless and thread-safe.
/// </summary>
public sealed class ChoiceVerifier : IVerifier
{
    /// <summary>Shared instance (stateless).</summary>
    public static ChoiceVerifier Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "choice";

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Verify(problem.Reference, attempt));
    }

    /// <summary>The verdict on <paramref name="attempt"/> against <paramref name="reference"/> (synchronous form).</summary>
    public static Verdict Verify(Reference reference, Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(attempt);
        var gold = reference.Answer;
        if (string.IsNullOrWhiteSpace(gold))
        {
            return Verdict.Unsure(ChoiceReasons.NoReference, "The problem has no gold answer to compare with.");
        }

        var extractor = new ChoiceAnswerExtractor(reference.Choices);
        var goldLetter = ChoiceLetters.TryParse(gold);
        if (goldLetter is null && extractor.Choices.Count > 0)
        {
            var byText = extractor.Analyze(gold);
            if (byText.Method == ExtractionMethods.ChoiceText)
            {
                goldLetter = byText.Answer![0];
            }
        }

        if (goldLetter is null)
        {
            return Verdict.Unsure(ChoiceReasons.UnparseableReference, $"Gold \"{gold}\" is neither an option letter (A-J) nor the text of one of the options.");
        }

        var extraction = extractor.Analyze(attempt.Text);
        if (extraction.Method == ExtractionMethods.None && attempt.Answer is not null)
        {
            extraction = extractor.Analyze(attempt.Answer);
        }

        if (extraction.Method == ExtractionMethods.Ambiguous)
        {
            return Verdict.Incorrect(
                ChoiceReasons.Ambiguous,
                $"The response asserts several options ({string.Join(", ", extraction.Candidates)}); refusing to pick one. Gold is {goldLetter}.");
        }

        if (extraction.Answer is not { } answer)
        {
            return Verdict.Incorrect(ChoiceReasons.NoAnswer, $"No option letter or option text found in the response; gold is {goldLetter}.");
        }

        var letter = answer[0];
        if (extractor.Choices.Count > 0 && ChoiceLetters.ToIndex(letter) >= extractor.Choices.Count)
        {
            return Verdict.Incorrect(
                ChoiceReasons.OutOfRange,
                $"Chose {letter} (found by {extraction.Method}) but the problem has only {extractor.Choices.Count} options (A-{ChoiceLetters.FromIndex(extractor.Choices.Count - 1)}); gold is {goldLetter}.");
        }

        return letter == goldLetter
            ? Verdict.Correct(ChoiceReasons.Equal, $"Chose {letter} (found by {extraction.Method}); gold is {goldLetter}.")
            : Verdict.Incorrect(ChoiceReasons.NotEqual, $"Chose {letter} (found by {extraction.Method}); gold is {goldLetter}.");
    }
}
