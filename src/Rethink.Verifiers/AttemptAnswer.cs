using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>How the answer-reading verifiers find an attempt's answer.</summary>
internal static class AttemptAnswer
{
    /// <summary>
    /// <paramref name="analyze"/> on the attempt's text, which is what the model said; when the text yields nothing, on
    /// <see cref="Attempt.Answer"/>, the answer the attempt carries (when it carries one).
    /// </summary>
    public static AnswerExtraction Find(Attempt attempt, Func<string, AnswerExtraction> analyze)
    {
        var extraction = analyze(attempt.Text);
        return !extraction.Found && attempt.Answer is not null ? analyze(attempt.Answer) : extraction;
    }
}
