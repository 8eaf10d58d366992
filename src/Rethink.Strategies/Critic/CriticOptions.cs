namespace Rethink.Strategies;

/// <summary>Options of <see cref="CriticStrategy"/> (both <c>critic</c> and <c>critic-no-tool</c>).</summary>
public sealed record CriticOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Largest <see cref="TimeoutSeconds"/> accepted.</summary>
    public const int TimeoutSecondsLimit = 300;

    /// <summary>Critique-and-rewrite rounds after the first program (CRITIC's <c>max_iter</c> for math is 4).</summary>
    public int MaxRounds { get; init; } = 4;

    /// <summary>
    /// Stop (reason <c>no_change</c>) once the answer came out unchanged this many rounds in a row; 0 never stops early.
    /// CRITIC's evaluation stops at the first answer equal to the two before it ("no correction twice"), which is 2.
    /// </summary>
    public int StopAfterUnchanged { get; init; } = 2;

    /// <summary>Wall-clock limit of each program run, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>The first user turn asking for a program (placeholder: {question}).</summary>
    public string ProgramPrompt { get; init; } = CriticStrategy.DefaultProgramPrompt;

    /// <summary>The critique turn (placeholders: {question}, {code}, {evidence}; evidence is empty without the tool).</summary>
    public string CritiquePrompt { get; init; } = CriticStrategy.DefaultCritiquePrompt;

    /// <summary>The evidence block of the critique turn with the tool (placeholders: {execution}, {answer}).</summary>
    public string EvidenceTemplate { get; init; } = CriticStrategy.DefaultEvidenceTemplate;

    /// <summary>The turn after the critique asking for a better program.</summary>
    public string RevisePrompt { get; init; } = CriticStrategy.DefaultRevisePrompt;

    /// <summary>
    /// True (<c>critic</c>): the critique turn shows the run's report and answer. False (<c>critic-no-tool</c>, the
    /// ablation): it shows only the program; the programs still run, because their output is the answer. Not a
    /// catalog setting: the two variants are two catalog names.
    /// </summary>
    public bool UseTool { get; init; } = true;
}
