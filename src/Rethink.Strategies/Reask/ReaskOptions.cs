namespace Rethink.Strategies;

/// <summary>Options of <see cref="ReaskStrategy"/>.</summary>
public sealed record ReaskOptions
{
    /// <summary>Largest <see cref="Rounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>How many times the question is asked again after the first answer (1 = the two-turn protocol).</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>
    /// A system message put first when the problem has none (the original protocol used a generic "helpful assistant"
    /// system message); null adds nothing, so the first answer is the same as the <c>direct</c> baseline's.
    /// </summary>
    public string? SystemPrompt { get; init; }
}
