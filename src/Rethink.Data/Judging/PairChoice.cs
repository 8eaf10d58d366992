namespace Rethink.Data;

/// <summary>What one order's verdict picked, by position. Stored by name, so names never change.</summary>
public enum PairChoice
{
    /// <summary>The response shown first.</summary>
    First,

    /// <summary>The response shown second.</summary>
    Second,

    /// <summary>Neither (the judge called a tie).</summary>
    Tie,

    /// <summary>The output could not be parsed; never agrees with anything.</summary>
    Unparsed,
}
