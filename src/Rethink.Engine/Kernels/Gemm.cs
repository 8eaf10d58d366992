namespace Rethink.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiplication in the three layouts a transformer's forward and backward passes need.
/// All matrices are dense and row-major. When <c>accumulate</c> is true the product is added to C, otherwise C is
/// overwritten. Callers must not alias C with A or B.
/// </summary>
/// <remarks>
/// This file fixes the contract. The scalar reference lives in <see cref="GemmReference"/>; the fast
/// implementation behind these entry points may change, the contract may not.
/// </remarks>
public static partial class Gemm
{
    /// <summary>C[m,n] (+)= sum_k A[m,k] * B[n,k]  (A times B transposed: activations x weights[out,in]).</summary>
    public static void MatMulNT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
    {
        CheckShapes(a.Length, (long)m * k, b.Length, (long)n * k, c.Length, (long)m * n);
        GemmReference.MatMulNT(a, b, c, m, n, k, accumulate);
    }

    /// <summary>C[m,n] (+)= sum_k A[m,k] * B[k,n]  (plain product: input gradient dX = dY W).</summary>
    public static void MatMulNN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
    {
        CheckShapes(a.Length, (long)m * k, b.Length, (long)k * n, c.Length, (long)m * n);
        GemmReference.MatMulNN(a, b, c, m, n, k, accumulate);
    }

    /// <summary>C[m,n] (+)= sum_k A[k,m] * B[k,n]  (A transposed: weight gradient dW += dY^T X).</summary>
    public static void MatMulTN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
    {
        CheckShapes(a.Length, (long)k * m, b.Length, (long)k * n, c.Length, (long)m * n);
        GemmReference.MatMulTN(a, b, c, m, n, k, accumulate);
    }

    private static void CheckShapes(int aLen, long aNeed, int bLen, long bNeed, int cLen, long cNeed)
    {
        if (aLen < aNeed || bLen < bNeed || cLen < cNeed)
        {
            throw new ArgumentException($"GEMM buffers too small: A {aLen}/{aNeed}, B {bLen}/{bNeed}, C {cLen}/{cNeed}.");
        }
    }
}
