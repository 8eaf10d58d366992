using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>How a session of a run ended. Immutable.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Status">The status the run was left in.</param>
/// <param name="Total">All (strategy, problem, sample) keys of the run.</param>
/// <param name="Finished">Keys with a finished (non-error) result, all sessions.</param>
/// <param name="Errors">Keys whose stored result is an error (retried by a resume).</param>
/// <param name="StoredThisSession">Results this session stored.</param>
/// <param name="BilledUsage">Billed tokens of the whole run, all sessions.</param>
/// <param name="Cost">Cost of the whole run, when prices are configured.</param>
/// <param name="Message">Why the run stopped early (budget, abort), or a note on errors; null otherwise.</param>
public sealed record RunOutcome(
    string RunId,
    RunStatus Status,
    long Total,
    long Finished,
    long Errors,
    long StoredThisSession,
    TokenUsage BilledUsage,
    decimal? Cost,
    string? Message);
