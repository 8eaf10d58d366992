using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// The payload of one item of a <c>judging</c> run (<see cref="RunItem.PayloadJson"/>, serialized with
/// <see cref="RunJson.Options"/>): one pair of responses to one problem, judged in both presentation orders. This is
/// the schema the judgement and judged-preference exports read; whoever writes judging runs writes it. Immutable.
/// </summary>
/// <remarks>
/// A pair is a win for a response only when both orders pick it (<see cref="Consistent"/>); otherwise the pair is a
/// tie or inconsistent (DESIGN: pairwise judging). <see cref="Winner"/> and <see cref="Consistent"/> are the judging
/// run's conclusions and are taken as stored.
/// </remarks>
public sealed record JudgementItem
{
    /// <summary>Stable id of the pair within its run (usually the item key).</summary>
    public required string PairId { get; init; }

    /// <summary>The problem both responses answer.</summary>
    public required string ProblemId { get; init; }

    /// <summary>The dataset the problem came from, when known.</summary>
    public DatasetDescription? Dataset { get; init; }

    /// <summary>The conversation both responses answer (the question as the responders saw it).</summary>
    public required IReadOnlyList<Message> Prompt { get; init; }

    /// <summary>Response A.</summary>
    public required JudgedResponse A { get; init; }

    /// <summary>Response B.</summary>
    public required JudgedResponse B { get; init; }

    /// <summary>The judge calls, one per presentation order (normally two: A first, then B first).</summary>
    public required IReadOnlyList<JudgedOrder> Orders { get; init; }

    /// <summary>True when both orders picked the same response.</summary>
    public required bool Consistent { get; init; }

    /// <summary>The swap-aware outcome: A or B only when both orders agree, else a tie.</summary>
    public required PairWinner Winner { get; init; }

    /// <summary>The judge's margin between the two responses (e.g. the mean score difference), when it gave scores.</summary>
    public double? Margin { get; init; }

    /// <summary>Who judged.</summary>
    public required JudgeIdentity Judge { get; init; }

    /// <summary>Stable reason id of the pair's outcome (e.g. <c>pairwise.consistent</c>, <c>pairwise.inconsistent</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>Response <paramref name="side"/>.</summary>
    public JudgedResponse Response(ResponseSide side) => side == ResponseSide.A ? A : B;
}
