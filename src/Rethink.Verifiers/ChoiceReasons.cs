namespace Rethink.Verifiers;

/// <summary>Reason ids emitted by <see cref="ChoiceVerifier"/>.</summary>
public static class ChoiceReasons
{
    /// <summary>Correct: the chosen letter is the gold letter.</summary>
    public const string Equal = "choice.equal";

    /// <summary>Incorrect: a different option was chosen.</summary>
    public const string NotEqual = "choice.not_equal";

    /// <summary>Incorrect: no option letter (or option text) was found.</summary>
    public const string NoAnswer = "choice.no_answer";

    /// <summary>Incorrect: the response asserted several distinct letters at the same rule; none was taken.</summary>
    public const string Ambiguous = "choice.ambiguous";

    /// <summary>Incorrect: the chosen letter is beyond the problem's options (e.g. "F" with four options).</summary>
    public const string OutOfRange = "choice.out_of_range";

    /// <summary>Unsure: the gold answer is neither a letter nor the text of one of the options.</summary>
    public const string UnparseableReference = "choice.unparseable_reference";

    /// <summary>Unsure: the problem has no gold answer.</summary>
    public const string NoReference = "choice.no_reference";
}
