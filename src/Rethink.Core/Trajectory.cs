using System.Text.Json.Serialization;

namespace Rethink.Core;

/// <summary>Everything a strategy did for one problem, and the answer it settled on.</summary>
public sealed record Trajectory
{
    /// <summary>The problem's id.</summary>
    public required string ProblemId { get; init; }

    /// <summary>The strategy's name (e.g. <c>self-refine</c>).</summary>
    public required string Strategy { get; init; }

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<Turn> Turns { get; init; }

    /// <summary>The answer returned (the last committed attempt; an empty attempt when none was produced).</summary>
    public required Attempt Final { get; init; }

    /// <summary>Why the loop stopped; one of <see cref="StopReasons"/> or a strategy-specific id.</summary>
    public required string StopReason { get; init; }

    /// <summary>
    /// True when a verifier with access to the reference was handed to the strategy as feedback. Results of such
    /// runs are oracle-assisted and reports must label them so.
    /// </summary>
    public bool SawVerifier { get; init; }

    /// <summary>The error message when <see cref="StopReason"/> is <see cref="StopReasons.Error"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The committed attempts in order: a1 ... aT. Metrics per turn walk this list.</summary>
    [JsonIgnore]
    public IReadOnlyList<Attempt> CommittedAttempts =>
        Turns.Where(t => t.Committed && t.Attempt is not null).Select(t => t.Attempt!).ToList();

    /// <summary>All model calls, in order.</summary>
    [JsonIgnore]
    public IEnumerable<CallRecord> Calls => Turns.SelectMany(t => t.Calls);

    /// <summary>Total usage of the calls with role <paramref name="role"/>.</summary>
    public TokenUsage UsageOf(ModelRole role) =>
        Calls.Where(c => c.Role == role).Aggregate(TokenUsage.Zero, (acc, c) => acc + c.Usage);

    /// <summary>Total usage of all calls.</summary>
    [JsonIgnore]
    public TokenUsage TotalUsage => Calls.Aggregate(TokenUsage.Zero, (acc, c) => acc + c.Usage);
}
