namespace Rethink.Strategies;

/// <summary>Options of <see cref="ProgCoStrategy"/>.</summary>
public sealed record ProgCoOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Largest <see cref="TimeoutSeconds"/> accepted.</summary>
    public const int TimeoutSecondsLimit = 300;

    /// <summary>Refinement rounds at most after failed verifications (ProgCo's <c>max_cur_turn</c> is 3).</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Who runs the verification program: the model itself (default, as in ProgCo) or the sandbox.</summary>
    public ProgCoExecution Execution { get; init; } = ProgCoExecution.Model;

    /// <summary>When a refinement changed the answer, contrast the two solutions and regenerate with the key points (ProgCo does).</summary>
    public bool Contrast { get; init; } = true;

    /// <summary>Wall-clock limit of each sandbox run, in seconds (sandbox execution only).</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>Asks for the verification program (placeholders: {question}, {solution}, {answer}).</summary>
    public string VerifyProgramPrompt { get; init; } = ProgCoStrategy.DefaultVerifyProgramPrompt;

    /// <summary>Asks the model to execute the program (model execution; placeholders: {question}, {solution}, {answer}, {code}).</summary>
    public string ExecutePrompt { get; init; } = ProgCoStrategy.DefaultExecutePrompt;

    /// <summary>Turns a failed verification into feedback (placeholders: {question}, {solution}, {code}, {trace}).</summary>
    public string FeedbackPrompt { get; init; } = ProgCoStrategy.DefaultFeedbackPrompt;

    /// <summary>Dual reflection on the solution (placeholders: {question}, {solution}, {feedback}).</summary>
    public string RefinePrompt { get; init; } = ProgCoStrategy.DefaultRefinePrompt;

    /// <summary>Dual reflection on the verification program (placeholders: {question}, {code}, {feedback}).</summary>
    public string CodeRefinePrompt { get; init; } = ProgCoStrategy.DefaultCodeRefinePrompt;

    /// <summary>Compares the old and the new solution (placeholders: {question}, {old}, {new}).</summary>
    public string ContrastPrompt { get; init; } = ProgCoStrategy.DefaultContrastPrompt;

    /// <summary>Solves again with the key points (placeholders: {question}, {insights}).</summary>
    public string RegeneratePrompt { get; init; } = ProgCoStrategy.DefaultRegeneratePrompt;
}
