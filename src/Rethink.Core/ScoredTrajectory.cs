using System.Text.Json.Serialization;

namespace Rethink.Core;

/// <summary>
/// A trajectory with the scoring verifier's verdict on every committed attempt. This is the unit metrics are
/// computed from, whether it came from a run or from responses scored after the fact (<c>rethink score</c>).
/// </summary>
public sealed record ScoredTrajectory
{
    /// <summary>Strategy (or label of the response source) that produced it.</summary>
    public required string Strategy { get; init; }

    /// <summary>The problem's id.</summary>
    public required string ProblemId { get; init; }

    /// <summary>Sample index when several trajectories are drawn per problem (Confidence-vs-Critique's S samples).</summary>
    public int Sample { get; init; }

    /// <summary>The trajectory.</summary>
    public required Trajectory Trajectory { get; init; }

    /// <summary>One verdict per committed attempt, in order (a1 ... aT). Empty when no answer was produced.</summary>
    public required IReadOnlyList<Verdict> TurnVerdicts { get; init; }

    /// <summary>The verdict on the final answer (incorrect with reason <c>no_answer</c> when there is none).</summary>
    public required Verdict FinalVerdict { get; init; }

    /// <summary>True when the first committed answer was correct (false when there was none).</summary>
    [JsonIgnore]
    public bool FirstCorrect => TurnVerdicts.Count > 0 && TurnVerdicts[0].IsCorrect;

    /// <summary>True when the final answer was correct.</summary>
    [JsonIgnore]
    public bool FinalCorrect => FinalVerdict.IsCorrect;

    /// <summary>Correctness at committed turn <paramref name="t"/> (0-based); the last answer carries forward past the end.</summary>
    public bool CorrectAt(int t) =>
        TurnVerdicts.Count > 0 && TurnVerdicts[Math.Min(t, TurnVerdicts.Count - 1)].IsCorrect;
}
