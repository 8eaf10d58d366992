namespace Rethink.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiplication in the three layouts a transformer's forward and backward passes need.
/// All matrices are dense and row-major. When <c>accumulate</c> is true the product is added to C, otherwise C is
/// overwritten. Callers must not alias C with A or B.
/// </summary>
/// <remarks>
/// This file fixes the contract. The scalar reference lives in <see cref="GemmReference"/>. The fast path is a
/// packed, cache-blocked SGEMM with a Vector512 8x32 (Vector256 6x16, scalar 4x4) register tile
/// (<see cref="GemmPacked"/>), and for A with at most 8 rows in the NT layout a streaming matrix-vector kernel
/// (<see cref="Gemv"/>). Both run on the caller plus the engine's persistent worker pool
/// (<see cref="EngineThreading"/>). Results are deterministic: identical inputs give bit-identical outputs whatever
/// the thread count or timing. Thread-safe: concurrent calls on different outputs are allowed (a call that finds
/// the worker pool busy runs on its own thread).
/// </remarks>
public static partial class Gemm
{
    /// <summary>C[m,n] (+)= sum_k A[m,k] * B[n,k]  (A times B transposed: activations x weights[out,in]).</summary>
    public static void MatMulNT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
        => MatMul(GemmLayout.NT, a, b, c, m, n, k, accumulate, SimdCapabilities.Best);

    /// <summary>C[m,n] (+)= sum_k A[m,k] * B[k,n]  (plain product: input gradient dX = dY W).</summary>
    public static void MatMulNN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
        => MatMul(GemmLayout.NN, a, b, c, m, n, k, accumulate, SimdCapabilities.Best);

    /// <summary>C[m,n] (+)= sum_k A[k,m] * B[k,n]  (A transposed: weight gradient dW += dY^T X).</summary>
    public static void MatMulTN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
        => MatMul(GemmLayout.TN, a, b, c, m, n, k, accumulate, SimdCapabilities.Best);

    /// <summary>The contract's entry points with the vector level pinned (tests compare every level).</summary>
    internal static unsafe void MatMul(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate, SimdLevel level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var aNeed = (long)m * k;
        var bNeed = (long)n * k;
        CheckShapes(a.Length, aNeed, b.Length, bNeed, c.Length, (long)m * n);
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (layout == GemmLayout.NT && m <= Gemv.MaxRows && k > 0)
            {
                Gemv.MatMulNT(pa, pb, pc, m, n, k, accumulate, level);
            }
            else
            {
                GemmPacked.Run(layout, pa, pb, pc, m, n, k, accumulate, level);
            }
        }
    }

    private static void CheckShapes(int aLen, long aNeed, int bLen, long bNeed, int cLen, long cNeed)
    {
        if (aLen < aNeed || bLen < bNeed || cLen < cNeed)
        {
            throw new ArgumentException($"GEMM buffers too small: A {aLen}/{aNeed}, B {bLen}/{bNeed}, C {cLen}/{cNeed}.");
        }
    }
}
