namespace Rethink.Evaluation.Reports;

/// <summary>What a report says about the run it describes. Plain values: the caller maps its run store's records.</summary>
/// <param name="RunId">The run id (or a label for scored responses).</param>
/// <param name="Model">One-line description of the model (e.g. <c>ollama:qwen2.5:7b</c>); never a credential.</param>
/// <param name="Dataset">The dataset (name, path or hash).</param>
public sealed record RunMetadata(string RunId, string Model, string Dataset)
{
    /// <summary>The run's base seed, when it had one.</summary>
    public long? Seed { get; init; }

    /// <summary>Name of the verifier that scored the run (never shown to strategies unless listed below).</summary>
    public string? ScoringVerifier { get; init; }

    /// <summary>
    /// Strategies the run configuration handed a feedback verifier. They are labelled oracle-assisted even if none of
    /// their trajectories ended up consulting it; strategies whose trajectories report
    /// <see cref="Core.Trajectory.SawVerifier"/> are labelled whether listed here or not.
    /// </summary>
    public IReadOnlyList<string> FeedbackVerifierStrategies { get; init; } = [];

    /// <summary>
    /// How model-written code was isolated when the run executed any (<c>sandbox</c> or <c>unsafe-local-exec</c>, the
    /// values of <see cref="Core.Execution.ExecutionIsolation"/>); null when it executed none. Reports show it, and
    /// a warning when it is not the sandbox.
    /// </summary>
    public string? CodeExecution { get; init; }

    /// <summary>
    /// Where the run stood when the report was built; null when the caller does not know (external responses, scored
    /// samples), which reports treat as complete. Reports of a partial run say so above every table.
    /// </summary>
    public RunCompletion? Completion { get; init; }
}
