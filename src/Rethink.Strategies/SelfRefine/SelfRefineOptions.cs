namespace Rethink.Strategies;

/// <summary>Options of <see cref="SelfRefineStrategy"/>. Every stop policy can be switched off independently.</summary>
public sealed record SelfRefineOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Largest absolute <see cref="ScoreThreshold"/> accepted.</summary>
    public const double ScoreLimit = 1000;

    /// <summary>Feedback-and-refine rounds at most.</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>The feedback prompt; must contain <c>{question}</c> and <c>{answer}</c>. Not used when the context has an <c>ICritic</c>.</summary>
    public string FeedbackPrompt { get; init; } = SelfRefineStrategy.DefaultFeedbackPrompt;

    /// <summary>The refine prompt; must contain <c>{question}</c> and <c>{history}</c> (the earlier answers and feedback).</summary>
    public string RefinePrompt { get; init; } = SelfRefineStrategy.DefaultRefinePrompt;

    /// <summary>Stop (reason <c>stop_phrase</c>) when the feedback contains this phrase (case-insensitive); null: off.</summary>
    public string? StopPhrase { get; init; } = SelfRefineStrategy.DefaultStopPhrase;

    /// <summary>Stop (reason <c>score_threshold</c>) when the feedback's score is at least this; null: off.</summary>
    public double? ScoreThreshold { get; init; }

    /// <summary>
    /// Regular expression whose first group captures the score in the feedback (the last match counts; invariant-culture
    /// number). Used when the critique carries no score of its own.
    /// </summary>
    public string ScorePattern { get; init; } = SelfRefineStrategy.DefaultScorePattern;

    /// <summary>Stop (reason <c>no_change</c>) when the refined answer equals the previous one.</summary>
    public bool StopOnNoChange { get; init; } = true;

    /// <summary>Stop (reason <c>critic_accepted</c>) when a context <c>ICritic</c> labels the answer correct.</summary>
    public bool StopWhenCriticAccepts { get; init; } = true;

    /// <summary>How much of the earlier rounds the refine prompt shows.</summary>
    public SelfRefineHistory History { get; init; } = SelfRefineHistory.Full;
}
