namespace Rethink.Verifiers;

/// <summary>Reason ids emitted by <see cref="ExactMatchVerifier"/>.</summary>
public static class ExactMatchReasons
{
    /// <summary>Correct: the normalised answer equals the normalised gold.</summary>
    public const string Equal = "exact.equal";

    /// <summary>Incorrect: the normalised texts differ.</summary>
    public const string NotEqual = "exact.not_equal";

    /// <summary>Incorrect: the response is empty or normalises to nothing.</summary>
    public const string NoAnswer = "exact.no_answer";

    /// <summary>Unsure: the problem has no gold answer, or it normalises to nothing.</summary>
    public const string NoReference = "exact.no_reference";
}
