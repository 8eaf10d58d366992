namespace Rethink.Lab.Tasks;

/// <summary>How a review line (<see cref="ITaskFamily.Review"/>) lays out a step's re-check and its verdict.</summary>
public enum ReviewStyle
{
    /// <summary>
    /// The operation, its recomputation, then the claim and the verdict:
    /// <c>Step 2: 119*9: ...; so 1071. It says 1091: wrong.</c> (session 3, recipe <c>critique-review</c>). The claim must
    /// be fetched from the answer after the recomputation, and a small model learned to repeat its own value instead.
    /// </summary>
    Recompute,

    /// <summary>
    /// The step quoted verbatim, its recomputation, then the verdict in the token after the recomputed value:
    /// <c>Step 2: 119*9=1091. 119*9: ...; so 1071, not 1091: wrong.</c> or <c>...; so 119: right.</c> The claim is
    /// copied once, as part of a contiguous copy of the step, and sits in the same line as the value it is compared with.
    /// </summary>
    QuoteFirst,
}
