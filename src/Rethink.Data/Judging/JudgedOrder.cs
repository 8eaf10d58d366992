using Rethink.Core;

namespace Rethink.Data;

/// <summary>One presentation order of a judged pair: the judge's input, its raw output and the parsed verdict. Immutable.</summary>
public sealed record JudgedOrder
{
    /// <summary>The response shown first.</summary>
    public required ResponseSide First { get; init; }

    /// <summary>The messages sent to the judge.</summary>
    public required IReadOnlyList<Message> Messages { get; init; }

    /// <summary>The judge's raw output.</summary>
    public required string RawOutput { get; init; }

    /// <summary>What the parsed verdict picked, by position.</summary>
    public required PairChoice Choice { get; init; }

    /// <summary>Stable reason id of the parse (e.g. <c>pairwise.first</c>, <c>pairwise.unparsed</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>The response this order picked (null for a tie or an unparsed verdict).</summary>
    public ResponseSide? Picked => Choice switch
    {
        PairChoice.First => First,
        PairChoice.Second => First == ResponseSide.A ? ResponseSide.B : ResponseSide.A,
        _ => null,
    };
}
