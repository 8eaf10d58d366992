namespace Rethink.Strategies;

/// <summary>Options of <see cref="VerifyRefineStrategy"/>.</summary>
public sealed record VerifyRefineOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Refinements at most after a failed verification.</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>What the model is told when its answer fails.</summary>
    public VerifierFeedbackMode Feedback { get; init; } = VerifierFeedbackMode.Explanation;

    /// <summary>The user turn after a failed check in <see cref="VerifierFeedbackMode.Explanation"/> mode; must contain <c>{feedback}</c>.</summary>
    public string RefinePrompt { get; init; } = VerifyRefineStrategy.DefaultRefinePrompt;

    /// <summary>The user turn after a failed check in <see cref="VerifierFeedbackMode.CorrectnessOnly"/> mode.</summary>
    public string IncorrectPrompt { get; init; } = VerifyRefineStrategy.DefaultIncorrectPrompt;
}
