namespace Rethink.Verifiers;

/// <summary>Reason ids emitted by <see cref="NumericVerifier"/>.</summary>
public static class NumericReasons
{
    /// <summary>Correct: the answer and the gold are the same number (exact rational comparison; a percent sign on both or neither side, or one side's sign read as a unit).</summary>
    public const string Equal = "numeric.equal";

    /// <summary>Correct: equal once one side's percent sign is applied ("50%" vs gold 0.5).</summary>
    public const string EqualPercent = "numeric.equal_percent";

    /// <summary>Correct: not exactly equal but within the relative tolerance (a rounded repeating decimal).</summary>
    public const string EqualWithinTolerance = "numeric.equal_within_tolerance";

    /// <summary>Correct: neither side is a number and their normalised texts are identical (e.g. <c>\sqrt{2}</c>).</summary>
    public const string TextEqual = "numeric.text_equal";

    /// <summary>Incorrect: both are numbers and they differ.</summary>
    public const string NotEqual = "numeric.not_equal";

    /// <summary>Incorrect: no answer could be found in the response.</summary>
    public const string NoAnswer = "numeric.no_answer";

    /// <summary>Incorrect: an answer was found but it is not a number (and the gold is).</summary>
    public const string UnparseableAnswer = "numeric.unparseable_answer";

    /// <summary>Unsure: the gold answer is not a number and the texts differ, so the verifier cannot decide.</summary>
    public const string UnparseableReference = "numeric.unparseable_reference";

    /// <summary>Unsure: the problem has no gold answer.</summary>
    public const string NoReference = "numeric.no_reference";
}
