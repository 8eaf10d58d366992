using System.Globalization;

namespace Rethink.Lab.Tasks;

/// <summary>Pieces shared by the families' step checkers and error injectors.</summary>
public static class LabChecks
{
    /// <summary>
    /// The verdict once every expected step matched: extra step lines, a missing or unparseable answer line, or an
    /// answer that does not follow from the last step are reported; otherwise the solution is fully correct.
    /// </summary>
    public static StepCheck FinishSteps(LabProblem problem, ParsedSolution parsed, int expectedSteps, long lastResult)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(parsed);
        var answerCorrect = parsed.Answer == problem.Answer;
        if (parsed.Steps.Count > expectedSteps)
        {
            return new StepCheck(answerCorrect, false, expectedSteps + 1, "step.extra", $"Step {expectedSteps + 1} '{parsed.Steps[expectedSteps]}' is not needed; the solution has {expectedSteps} steps.", null);
        }

        var answerLine = LabSolution.AnswerPrefix + lastResult.ToString(CultureInfo.InvariantCulture);
        if (parsed.Answer is null)
        {
            return new StepCheck(false, true, null, "answer.missing", "The steps are right but the final 'Answer: N' line is missing or not a number.", answerLine);
        }

        if (parsed.Answer != lastResult)
        {
            return new StepCheck(answerCorrect, true, null, "answer.mismatch", $"The steps give {lastResult.ToString(CultureInfo.InvariantCulture)} but the answer line says {parsed.Answer.Value.ToString(CultureInfo.InvariantCulture)}.", answerLine);
        }

        return new StepCheck(answerCorrect, true, null, "step.ok", "Every step and the answer are right.", null);
    }

    /// <summary>A wrong value near <paramref name="value"/>: off by one, two, ten or a hundred, the way slips usually are.</summary>
    public static long Perturb(long value, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        long[] deltas = [1, 2, 10, 1, 10, 100];
        var d = deltas[rng.Next(deltas.Length)];
        return rng.Next(2) == 0 ? value + d : value - d;
    }

    /// <summary>
    /// The review lines of <paramref name="solution"/> to <paramref name="problem"/>: checked by
    /// <paramref name="family"/>, parsed by <see cref="LabSolution.Parse"/>, then as
    /// <see cref="Review(StepCheck, ParsedSolution, ReviewStyle, Func{int, string, string}, Func{int, string, string?})"/>.
    /// </summary>
    public static IReadOnlyList<string> Review(
        ITaskFamily family, LabProblem problem, string solution, ReviewStyle style, Func<int, string, string> reviewStep, Func<int, string, string?> reviewLaterStep)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(problem);
        return Review(family.Check(problem, solution), LabSolution.Parse(solution), style, reviewStep, reviewLaterStep);
    }

    /// <summary>
    /// The review lines of a checked solution: <paramref name="reviewStep"/> for every step up to the first wrong one
    /// (an arithmetic slip is reviewed the same way, so the recomputation shows it), the checker's explanation for a
    /// structural error (wrong operands, sign, malformed, missing or extra step), and the explanation of a wrong answer
    /// line after right steps.
    /// </summary>
    /// <param name="check">The step checker's verdict on <paramref name="parsed"/>.</param>
    /// <param name="parsed">The solution.</param>
    /// <param name="reviewStep">Writes the review line of 1-based step k from its text (a well-formed step).</param>
    /// <param name="style">The review style; only the styles of <see cref="ReviewsLaterSteps"/> use <paramref name="reviewLaterStep"/>.</param>
    /// <param name="reviewLaterStep">
    /// Under the styles of <see cref="ReviewsLaterSteps"/>, every step after the first wrong one (unless that one is a step
    /// too many) is reviewed as well: this writes the line of step k on the step's own arithmetic, or returns null for a
    /// step it cannot read, which is left out.
    /// </param>
    public static IReadOnlyList<string> Review(StepCheck check, ParsedSolution parsed, ReviewStyle style, Func<int, string, string> reviewStep, Func<int, string, string?> reviewLaterStep)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(reviewStep);
        ArgumentNullException.ThrowIfNull(reviewLaterStep);
        var lines = new List<string>();
        var firstWrong = check.FirstWrongStep;
        var rightSteps = Math.Min(parsed.Steps.Count, (firstWrong ?? int.MaxValue) - 1);
        for (var k = 1; k <= rightSteps; k++)
        {
            lines.Add(reviewStep(k, parsed.Steps[k - 1]));
        }

        if (firstWrong is { } step)
        {
            lines.Add(check.Reason == "step.arithmetic" ? reviewStep(step, parsed.Steps[step - 1]) : check.Explanation);
            if (ReviewsLaterSteps(style) && check.Reason != "step.extra")
            {
                for (var k = step + 1; k <= parsed.Steps.Count; k++)
                {
                    if (reviewLaterStep(k, parsed.Steps[k - 1]) is { } line)
                    {
                        lines.Add(line);
                    }
                }
            }
        }
        else if (check.Reason != "step.ok")
        {
            lines.Add(check.Explanation);
        }

        return lines;
    }

    /// <summary>
    /// The ending of a review line: the claimed value written out next to the recomputed one, then "right" or "wrong".
    /// Writing the claim down makes the verdict a comparison of two adjacent numbers, which a small model can learn;
    /// without it the model learned to say "Right." after every step (docs/lab/critique-review.md).
    /// </summary>
    public static string Verdict(long recomputed, long claimed) =>
        string.Create(CultureInfo.InvariantCulture, $" It says {claimed}: {(recomputed == claimed ? "right" : "wrong")}.");

    /// <summary>
    /// The ending of a review line in <paramref name="style"/>, written right after the recomputed value:
    /// <see cref="Verdict(long, long)"/> after a full stop for <see cref="ReviewStyle.Recompute"/>; for
    /// <see cref="ReviewStyle.QuoteFirst"/> and <see cref="ReviewStyle.QuoteEveryStep"/> ": right." when the values agree and ", not CLAIMED: wrong." when they do not,
    /// so the first token after the value already carries the verdict; for <see cref="ReviewStyle.CompareSideBySide"/>
    /// "; it says CLAIMED; RECOMPUTED and CLAIMED agree: right." or "... differ: wrong.", so the verdict follows the
    /// two numbers written next to each other.
    /// </summary>
    public static string Verdict(long recomputed, long claimed, ReviewStyle style) => style switch
    {
        ReviewStyle.Recompute => "." + Verdict(recomputed, claimed),
        ReviewStyle.QuoteFirst or ReviewStyle.QuoteEveryStep => recomputed == claimed ? ": right." : string.Create(CultureInfo.InvariantCulture, $", not {claimed}: wrong."),
        ReviewStyle.CompareSideBySide => string.Create(
            CultureInfo.InvariantCulture,
            $"; it says {claimed}; {recomputed} and {claimed} {(recomputed == claimed ? "agree: right" : "differ: wrong")}."),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown review style"),
    };

    /// <summary>
    /// The opening of a review line: "Step K: " and, for the quoting styles (<see cref="Quotes"/>), the step quoted
    /// verbatim and a full stop.
    /// </summary>
    public static string Opening(int step, string line, ReviewStyle style) =>
        string.Create(CultureInfo.InvariantCulture, $"Step {step}: ") + (Quotes(style) ? line + ". " : string.Empty);

    /// <summary>True for the styles whose lines open with the step quoted verbatim.</summary>
    public static bool Quotes(ReviewStyle style) => style is ReviewStyle.QuoteFirst or ReviewStyle.QuoteEveryStep or ReviewStyle.CompareSideBySide;

    /// <summary>True for the styles whose reviews go on past the first wrong step (<see cref="Review(StepCheck, ParsedSolution, ReviewStyle, Func{int, string, string}, Func{int, string, string?})"/>).</summary>
    public static bool ReviewsLaterSteps(ReviewStyle style) => style is ReviewStyle.QuoteEveryStep or ReviewStyle.CompareSideBySide;

    /// <summary>
    /// Reads a number from a step that no checker has validated (a later step under the styles of
    /// <see cref="ReviewsLaterSteps"/>): an optional sign, digits, optional parentheses around a negative
    /// number; at most 9 digits, so that products of two such numbers stay exact.
    /// </summary>
    public static bool TryOperand(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.StartsWith('(') && text.EndsWith(')') ? text[1..^1] : text;
        var digits = t.StartsWith('-') ? t.Length - 1 : t.Length;
        value = 0;
        return digits is > 0 and <= 9 && long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
