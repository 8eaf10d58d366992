using System.Globalization;

namespace Rethink.Lab.Training;

/// <summary>
/// What the teacher says when asked to critique. The wording for a correct solution must be one the strategy's own
/// parser reads as "no problems" (its stop phrase), so it is supplied by whoever composes the strategy with the lab.
/// </summary>
/// <param name="Correct">Reply for a solution whose steps and answer are right.</param>
/// <param name="WrongFormat">Reply for a wrong solution; {0} is the 1-based step, {1} the line that should stand there.</param>
/// <param name="AnswerLineFormat">Reply when the steps are right but the final line is not; {0} is the correct final line.</param>
public sealed record TeacherCritiques(string Correct, string WrongFormat, string AnswerLineFormat)
{
    /// <summary>
    /// When set, every critique first re-checks the solution step by step by a second route
    /// (<see cref="Tasks.ITaskFamily.Review"/> in this style: signs out, then digit columns) and only then gives its
    /// verdict line, so a model trained on it learns to verify before judging instead of judging in one token. Null: the
    /// verdict line alone.
    /// </summary>
    public Tasks.ReviewStyle? Review { get; init; }

    /// <summary>Default wording (self-refine's default stop phrase is appended by the composer when it differs).</summary>
    public static TeacherCritiques Default { get; } = new(
        "All steps are correct.",
        "Step {0} is wrong: it should be {1}.",
        "The steps are right but the last line is wrong: it should be {0}.");

    /// <summary>
    /// The wording that makes a strategy's own parser read the teacher right, derived from the strategy's settings only:
    /// a <c>stop_phrase</c> (self-refine) is appended to the "correct" critique; <c>no_problems_marker</c> and
    /// <c>problems_marker</c> (critique-revise) end the "correct" and "wrong" critiques. Strategies without such settings
    /// get <see cref="Default"/>.
    /// </summary>
    public static TeacherCritiques For(IReadOnlyDictionary<string, string> strategySettings)
    {
        ArgumentNullException.ThrowIfNull(strategySettings);
        string Suffix(string key) => strategySettings.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? "\n" + v : string.Empty;
        var correctSuffix = Suffix("stop_phrase") + Suffix("no_problems_marker");
        var wrongSuffix = Suffix("problems_marker");
        return new TeacherCritiques(
            Default.Correct + correctSuffix,
            Default.WrongFormat + wrongSuffix,
            Default.AnswerLineFormat + wrongSuffix);
    }

    /// <summary>The critique of a solution with the first error at <paramref name="step"/>.</summary>
    public string Wrong(int step, string expectedLine) => string.Format(CultureInfo.InvariantCulture, WrongFormat, step, expectedLine);

    /// <summary>The critique of a solution whose only error is its final line.</summary>
    public string AnswerLine(string expectedLine) => string.Format(CultureInfo.InvariantCulture, AnswerLineFormat, expectedLine);
}
