namespace Rethink.Strategies;

/// <summary>Options of <see cref="CritiqueReviseStrategy"/>.</summary>
public sealed record CritiqueReviseOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Critique-and-revise rounds at most (1 = Huang et al.'s single round).</summary>
    public int MaxRounds { get; init; } = 1;

    /// <summary>The user turn asking the model to find problems in its previous answer.</summary>
    public string CritiquePrompt { get; init; } = CritiqueReviseStrategy.DefaultCritiquePrompt;

    /// <summary>The user turn asking the model to improve its answer using the problems it found.</summary>
    public string RevisePrompt { get; init; } = CritiqueReviseStrategy.DefaultRevisePrompt;

    /// <summary>The marker a critique ends with when it found no problems (matched case-insensitively; the last marker wins).</summary>
    public string NoProblemsMarker { get; init; } = CritiqueReviseStrategy.DefaultNoProblemsMarker;

    /// <summary>The marker a critique ends with when it found problems.</summary>
    public string ProblemsMarker { get; init; } = CritiqueReviseStrategy.DefaultProblemsMarker;

    /// <summary>Stop (reason <c>critic_accepted</c>) when the critique says it found no problems.</summary>
    public bool StopWhenNoProblems { get; init; } = true;

    /// <summary>Stop (reason <c>no_change</c>) when the revised answer equals the previous one.</summary>
    public bool StopOnNoChange { get; init; } = true;
}
