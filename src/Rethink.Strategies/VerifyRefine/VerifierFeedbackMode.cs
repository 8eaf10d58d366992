namespace Rethink.Strategies;

/// <summary>How much of a failed verification <see cref="VerifyRefineStrategy"/> shows the model.</summary>
public enum VerifierFeedbackMode
{
    /// <summary>The verifier's explanation (what was compared and why it failed).</summary>
    Explanation,

    /// <summary>Only that the answer is incorrect.</summary>
    CorrectnessOnly,
}
