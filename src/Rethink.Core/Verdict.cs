using System.Text.Json.Serialization;

namespace Rethink.Core;

/// <summary>
/// A judgement: a label, a stable machine-readable reason id (e.g. <c>numeric.equal</c>, <c>numeric.no_answer</c>)
/// that counters are keyed by, and a human explanation. Never reduce a verdict to a bare bool across an API.
/// </summary>
/// <param name="Label">Correct, incorrect or unsure.</param>
/// <param name="Reason">Stable reason id: lower-case, dot-separated, documented by whoever emits it.</param>
/// <param name="Explanation">What was compared and why it passed or failed, for people.</param>
public sealed record Verdict(VerdictLabel Label, string Reason, string Explanation)
{
    /// <summary>Optional score in [0, 1] for graded judgements.</summary>
    public double? Score { get; init; }

    /// <summary>
    /// Where the first error of an incorrect answer is, when the verifier can tell (the lab's step checker: "step 2",
    /// or "answer" for a wrong answer line after right steps); null otherwise. The gold location a critique's own
    /// location is scored against (critique localisation). Verifiers handed to strategies as feedback may set it;
    /// strategies are given only the label and the explanation.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorLocation { get; init; }

    /// <summary>True when <see cref="Label"/> is <see cref="VerdictLabel.Correct"/>.</summary>
    [JsonIgnore]
    public bool IsCorrect => Label == VerdictLabel.Correct;

    /// <summary>A correct verdict.</summary>
    public static Verdict Correct(string reason, string explanation) => new(VerdictLabel.Correct, reason, explanation);

    /// <summary>An incorrect verdict.</summary>
    public static Verdict Incorrect(string reason, string explanation) => new(VerdictLabel.Incorrect, reason, explanation);

    /// <summary>An undecided verdict.</summary>
    public static Verdict Unsure(string reason, string explanation) => new(VerdictLabel.Unsure, reason, explanation);
}
