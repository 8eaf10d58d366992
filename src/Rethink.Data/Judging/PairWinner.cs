namespace Rethink.Data;

/// <summary>The swap-aware outcome of a judged pair. Stored by name, so names never change.</summary>
public enum PairWinner
{
    /// <summary>Both orders picked response A.</summary>
    A,

    /// <summary>Both orders picked response B.</summary>
    B,

    /// <summary>A tie, or the orders disagreed.</summary>
    Tie,
}
