namespace Rethink.Data;

/// <summary>One of the two responses of a judged pair. Stored by name, so names never change.</summary>
public enum ResponseSide
{
    /// <summary>Response A.</summary>
    A,

    /// <summary>Response B.</summary>
    B,
}
