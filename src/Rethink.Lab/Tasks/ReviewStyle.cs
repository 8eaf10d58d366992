namespace Rethink.Lab.Tasks;

/// <summary>How a review line (<see cref="ITaskFamily.Review"/>) lays out a step's re-check and its verdict.</summary>
public enum ReviewStyle
{
    /// <summary>
    /// The operation, its recomputation, then the claim and the verdict:
    /// <c>Step 2: 119*9: ...; so 1071. It says 1091: wrong.</c> (recipe <c>critique-review</c>). The claim must
    /// be fetched from the answer after the recomputation, and a small model learned to repeat its own value instead.
    /// </summary>
    Recompute,

    /// <summary>
    /// The step quoted verbatim, its recomputation, then the verdict in the token after the recomputed value:
    /// <c>Step 2: 119*9=1091. 119*9: ...; so 1071, not 1091: wrong.</c> or <c>...; so 119: right.</c> The claim is
    /// copied once, as part of a contiguous copy of the step, and sits in the same line as the value it is compared with.
    /// </summary>
    QuoteFirst,

    /// <summary>
    /// <see cref="QuoteFirst"/>'s layout, and the review goes on past the first wrong step: every later well-formed step
    /// is quoted and re-checked on its own arithmetic, so a step that carries an earlier wrong value forward correctly
    /// is reviewed "right". In the other styles a quote of a right step is exactly what solving the problem again would
    /// write, so a model can pass for quoting while never reading the answer (the <c>critique-quote</c> critic re-solved
    /// and "quoted" its own steps); later steps of a flawed answer can only be quoted by copying them, and in arith and add
    /// their verdicts are mostly "right", so copying is taught without tilting the verdicts towards "wrong" (a lineq
    /// division after a wrong move is usually inexact, so wrong).
    /// </summary>
    QuoteEveryStep,

    /// <summary>
    /// <see cref="QuoteEveryStep"/>'s quotes and reach, with the comparison written out: after the recomputed value the
    /// line copies the claim again and puts the two numbers side by side before the verdict,
    /// <c>Step 2: 119*9=1091. 119*9: ...; so 1071; it says 1091; 1071 and 1091 differ: wrong.</c> or
    /// <c>...; so 119; it says 119; 119 and 119 agree: right.</c> The copy-drilled quoting critic copied the flawed
    /// step exactly and recomputed a different value, and still said "right" after 82 of the 84 exact quotes: it did not
    /// compare the value it had just written with a claim some twenty tokens back. Here the verdict token follows two
    /// numbers a few characters apart, so a mismatch is a digit-by-digit check at a short, fixed distance.
    /// </summary>
    CompareSideBySide,
}
