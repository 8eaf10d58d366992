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
}
