namespace Rethink.Strategies;

/// <summary>Options of <see cref="VerifyRefineStrategy"/>.</summary>
public sealed record VerifyRefineOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Refinements at most after a failed verification.</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>
    /// What the model is told when its answer fails. Defaults to <see cref="VerifierFeedbackMode.CorrectnessOnly"/>: the
    /// answer verifiers' explanations name the gold answer ("gold is 42"), so showing them would turn a strong verifier
    /// into an answer key. Choose <see cref="VerifierFeedbackMode.Explanation"/> only with a verifier whose explanations
    /// are meant as feedback (tests, tool output).
    /// </summary>
    public VerifierFeedbackMode Feedback { get; init; } = VerifierFeedbackMode.CorrectnessOnly;

    /// <summary>The user turn after a failed check in <see cref="VerifierFeedbackMode.Explanation"/> mode; must contain <c>{feedback}</c>.</summary>
    public string RefinePrompt { get; init; } = VerifyRefineStrategy.DefaultRefinePrompt;

    /// <summary>The user turn after a failed check in <see cref="VerifierFeedbackMode.CorrectnessOnly"/> mode.</summary>
    public string IncorrectPrompt { get; init; } = VerifyRefineStrategy.DefaultIncorrectPrompt;
}
