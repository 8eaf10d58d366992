namespace Rethink.Core;

/// <summary>Stable ids for why a strategy's loop stopped. Reports count trajectories by these.</summary>
public static class StopReasons
{
    /// <summary>A single-pass strategy finished.</summary>
    public const string SinglePass = "single_pass";

    /// <summary>The round/sample bound was reached.</summary>
    public const string MaxRounds = "max_rounds";

    /// <summary>The critique contained the configured stop phrase.</summary>
    public const string StopPhrase = "stop_phrase";

    /// <summary>The critique's score reached the threshold.</summary>
    public const string ScoreThreshold = "score_threshold";

    /// <summary>The revised answer equals the previous one.</summary>
    public const string NoChange = "no_change";

    /// <summary>The critic judged the answer correct.</summary>
    public const string CriticAccepted = "critic_accepted";

    /// <summary>The feedback verifier passed the answer.</summary>
    public const string VerifierPassed = "verifier_passed";

    /// <summary>The model said it was confident and kept its answer.</summary>
    public const string Confident = "confident";

    /// <summary>The adaptive stopping rule judged the majority settled.</summary>
    public const string Consensus = "consensus";

    /// <summary>A token or cost budget ran out.</summary>
    public const string Budget = "budget";

    /// <summary>
    /// The conversation outgrew the model's context window (<see cref="ContextLengthExceededException"/>); the last
    /// committed answer is the final one.
    /// </summary>
    public const string ContextLength = "context_length";

    /// <summary>The problem's time limit ran out.</summary>
    public const string Timeout = "timeout";

    /// <summary>The run was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A call failed; see <see cref="Trajectory.Error"/>.</summary>
    public const string Error = "error";
}
