namespace Rethink.Engine.Kernels;

/// <summary>
/// Scalar reference implementations of <see cref="Gemm"/>, accumulated in double so they serve as the
/// ground truth in kernel tests. Slow on purpose; never used on a hot path.
/// </summary>
public static class GemmReference
{
    /// <summary>C[m,n] (+)= sum_k A[m,k] * B[n,k].</summary>
    public static void MatMulNT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    s += (double)a[(i * k) + p] * b[(j * k) + p];
                }

                c[(i * n) + j] = (float)((accumulate ? c[(i * n) + j] : 0) + s);
            }
        }
    }

    /// <summary>C[m,n] (+)= sum_k A[m,k] * B[k,n].</summary>
    public static void MatMulNN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    s += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                c[(i * n) + j] = (float)((accumulate ? c[(i * n) + j] : 0) + s);
            }
        }
    }

    /// <summary>C[m,n] (+)= sum_k A[k,m] * B[k,n].</summary>
    public static void MatMulTN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    s += (double)a[(p * m) + i] * b[(p * n) + j];
                }

                c[(i * n) + j] = (float)((accumulate ? c[(i * n) + j] : 0) + s);
            }
        }
    }
}
