using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rethink.Engine.Kernels;

/// <summary>
/// Matrix-vector path of <see cref="Gemm.MatMulNT"/> for few activation rows (decode, small batches):
/// C[m,n] (+)= sum_k X[m,k] W[n,k]. Memory-bound on W, so W is streamed once: four W rows at a time against one X
/// row, or one W row against four X rows (the W row then stays in L1 for the next group). Each output element is
/// one dot product reduced in a fixed order, so the split of rows over threads does not change any result.
/// </summary>
internal static unsafe class Gemv
{
    /// <summary>Largest m routed here by <see cref="Gemm"/>.</summary>
    public const int MaxRows = 8;

    /// <summary>C[m,n] (+)= X[m,k] W[n,k]^T, parallel over W rows.</summary>
    public static void MatMulNT(float* x, float* w, float* c, int m, int n, int k, bool accumulate, SimdLevel level)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        var pool = WorkerPool.Shared;
        var threads = (long)n * k < 1 << 15 ? 1 : pool.Threads;
        // Parts of at least 64 rows; more parts than threads lets a thread that got a core first take more.
        var parts = Math.Max(1, Math.Min(threads * 4, n / 64));
        if (threads == 1 || parts == 1)
        {
            Rows(x, w, c, m, n, k, accumulate, level, 0, n);
            return;
        }

        pool.Run(new Job(x, w, c, m, n, k, accumulate, level, parts), parts);
    }

    /// <summary>Computes output columns [j0, j1) for all m rows.</summary>
    internal static void Rows(float* x, float* w, float* c, int m, int n, int k, bool accumulate, SimdLevel level, int j0, int j1)
    {
        if (m == 1)
        {
            var j = j0;
            for (; j + 4 <= j1; j += 4)
            {
                Dot4x1(level, w + ((long)j * k), k, x, k, c + j, accumulate);
            }

            for (; j < j1; j++)
            {
                Dot1x1(level, w + ((long)j * k), x, k, c + j, accumulate);
            }

            return;
        }

        // Four W rows against four X rows per call while both last (16 dot products, 8 loads per 16 FMAs), then the
        // narrower kernels for the edges; every kernel reduces each dot product in the same order. Not at 256 bits:
        // 16 accumulators and 5 operands would not fit AVX2's 16 registers.
        var jb = j0;
        for (; level != SimdLevel.Vector256 && jb + 4 <= j1; jb += 4)
        {
            var wr = w + ((long)jb * k);
            var r = 0;
            for (; r + 4 <= m; r += 4)
            {
                Dot4x4(level, wr, x + ((long)r * k), k, c + ((long)r * n) + jb, n, accumulate);
            }

            for (; r < m; r++)
            {
                Dot4x1(level, wr, k, x + ((long)r * k), k, c + ((long)r * n) + jb, accumulate);
            }
        }

        for (var j = jb; j < j1; j++)
        {
            var wr = w + ((long)j * k);
            var r = 0;
            for (; r + 4 <= m; r += 4)
            {
                Dot1x4(level, wr, x + ((long)r * k), k, c + ((long)r * n) + j, n, accumulate);
            }

            for (; r < m; r++)
            {
                Dot1x1(level, wr, x + ((long)r * k), k, c + ((long)r * n) + j, accumulate);
            }
        }
    }

    // c[r * ldc + i] (+)= dot(w_i, x_r) for the four W rows at w (row stride k) and the four X rows at x (row stride k).
    // Each of the 16 dot products has its own accumulator, filled in the order Dot1x1 fills its one.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x4(SimdLevel level, float* w, float* x, int k, float* c, int ldc, bool add)
    {
        var p = 0;
        var w1 = w + k;
        var w2 = w1 + k;
        var w3 = w2 + k;
        var x1 = x + k;
        var x2 = x1 + k;
        var x3 = x2 + k;
        Span<float> s = stackalloc float[16];
        s.Clear();
        if (level == SimdLevel.Vector512)
        {
            Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
            for (; p + 16 <= k; p += 16)
            {
                var v0 = Vector512.Load(x + p);
                var v1 = Vector512.Load(x1 + p);
                var v2 = Vector512.Load(x2 + p);
                var v3 = Vector512.Load(x3 + p);
                var u = Vector512.Load(w + p);
                a00 = Vector512.FusedMultiplyAdd(u, v0, a00);
                a01 = Vector512.FusedMultiplyAdd(u, v1, a01);
                a02 = Vector512.FusedMultiplyAdd(u, v2, a02);
                a03 = Vector512.FusedMultiplyAdd(u, v3, a03);
                u = Vector512.Load(w1 + p);
                a10 = Vector512.FusedMultiplyAdd(u, v0, a10);
                a11 = Vector512.FusedMultiplyAdd(u, v1, a11);
                a12 = Vector512.FusedMultiplyAdd(u, v2, a12);
                a13 = Vector512.FusedMultiplyAdd(u, v3, a13);
                u = Vector512.Load(w2 + p);
                a20 = Vector512.FusedMultiplyAdd(u, v0, a20);
                a21 = Vector512.FusedMultiplyAdd(u, v1, a21);
                a22 = Vector512.FusedMultiplyAdd(u, v2, a22);
                a23 = Vector512.FusedMultiplyAdd(u, v3, a23);
                u = Vector512.Load(w3 + p);
                a30 = Vector512.FusedMultiplyAdd(u, v0, a30);
                a31 = Vector512.FusedMultiplyAdd(u, v1, a31);
                a32 = Vector512.FusedMultiplyAdd(u, v2, a32);
                a33 = Vector512.FusedMultiplyAdd(u, v3, a33);
            }

            s[0] = Vector512.Sum(a00); s[1] = Vector512.Sum(a10); s[2] = Vector512.Sum(a20); s[3] = Vector512.Sum(a30);
            s[4] = Vector512.Sum(a01); s[5] = Vector512.Sum(a11); s[6] = Vector512.Sum(a21); s[7] = Vector512.Sum(a31);
            s[8] = Vector512.Sum(a02); s[9] = Vector512.Sum(a12); s[10] = Vector512.Sum(a22); s[11] = Vector512.Sum(a32);
            s[12] = Vector512.Sum(a03); s[13] = Vector512.Sum(a13); s[14] = Vector512.Sum(a23); s[15] = Vector512.Sum(a33);
        }

        // s[4 r + i] is dot(w_i, x_r); the scalar tail continues each one as Dot1x1 does.
        for (var r = 0; r < 4; r++)
        {
            var xr = x + ((long)r * k);
            for (var i = 0; i < 4; i++)
            {
                var wi = w + ((long)i * k);
                var acc = s[(4 * r) + i];
                for (var q = p; q < k; q++)
                {
                    acc = MathF.FusedMultiplyAdd(wi[q], xr[q], acc);
                }

                var o = c + ((long)r * ldc) + i;
                *o = add ? *o + acc : acc;
            }
        }
    }

    // c[0..4) (+)= dot(w_r, x) for the four W rows starting at w (row stride ldw).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1(SimdLevel level, float* w, int ldw, float* x, int k, float* c, bool add)
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var p = 0;
        var w1 = w + ldw;
        var w2 = w1 + ldw;
        var w3 = w2 + ldw;
        if (level == SimdLevel.Vector512)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; p + 16 <= k; p += 16)
            {
                var xv = Vector512.Load(x + p);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + p), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(w1 + p), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(w2 + p), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(w3 + p), xv, a3);
            }

            s0 = Vector512.Sum(a0);
            s1 = Vector512.Sum(a1);
            s2 = Vector512.Sum(a2);
            s3 = Vector512.Sum(a3);
        }
        else if (level == SimdLevel.Vector256)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; p + 8 <= k; p += 8)
            {
                var xv = Vector256.Load(x + p);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w + p), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + p), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + p), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + p), xv, a3);
            }

            s0 = Vector256.Sum(a0);
            s1 = Vector256.Sum(a1);
            s2 = Vector256.Sum(a2);
            s3 = Vector256.Sum(a3);
        }

        for (; p < k; p++)
        {
            var xv = x[p];
            s0 = MathF.FusedMultiplyAdd(w[p], xv, s0);
            s1 = MathF.FusedMultiplyAdd(w1[p], xv, s1);
            s2 = MathF.FusedMultiplyAdd(w2[p], xv, s2);
            s3 = MathF.FusedMultiplyAdd(w3[p], xv, s3);
        }

        c[0] = add ? c[0] + s0 : s0;
        c[1] = add ? c[1] + s1 : s1;
        c[2] = add ? c[2] + s2 : s2;
        c[3] = add ? c[3] + s3 : s3;
    }

    // c[r * ldc] (+)= dot(w, x_r) for the four X rows starting at x (row stride k).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot1x4(SimdLevel level, float* w, float* x, int k, float* c, int ldc, bool add)
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var p = 0;
        var x1 = x + k;
        var x2 = x1 + k;
        var x3 = x2 + k;
        if (level == SimdLevel.Vector512)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; p + 16 <= k; p += 16)
            {
                var wv = Vector512.Load(w + p);
                a0 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(x + p), a0);
                a1 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(x1 + p), a1);
                a2 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(x2 + p), a2);
                a3 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(x3 + p), a3);
            }

            s0 = Vector512.Sum(a0);
            s1 = Vector512.Sum(a1);
            s2 = Vector512.Sum(a2);
            s3 = Vector512.Sum(a3);
        }
        else if (level == SimdLevel.Vector256)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; p + 8 <= k; p += 8)
            {
                var wv = Vector256.Load(w + p);
                a0 = Vector256.FusedMultiplyAdd(wv, Vector256.Load(x + p), a0);
                a1 = Vector256.FusedMultiplyAdd(wv, Vector256.Load(x1 + p), a1);
                a2 = Vector256.FusedMultiplyAdd(wv, Vector256.Load(x2 + p), a2);
                a3 = Vector256.FusedMultiplyAdd(wv, Vector256.Load(x3 + p), a3);
            }

            s0 = Vector256.Sum(a0);
            s1 = Vector256.Sum(a1);
            s2 = Vector256.Sum(a2);
            s3 = Vector256.Sum(a3);
        }

        for (; p < k; p++)
        {
            var wv = w[p];
            s0 = MathF.FusedMultiplyAdd(wv, x[p], s0);
            s1 = MathF.FusedMultiplyAdd(wv, x1[p], s1);
            s2 = MathF.FusedMultiplyAdd(wv, x2[p], s2);
            s3 = MathF.FusedMultiplyAdd(wv, x3[p], s3);
        }

        c[0] = add ? c[0] + s0 : s0;
        c[ldc] = add ? c[ldc] + s1 : s1;
        c[2 * ldc] = add ? c[2 * ldc] + s2 : s2;
        c[3 * ldc] = add ? c[3 * ldc] + s3 : s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot1x1(SimdLevel level, float* w, float* x, int k, float* c, bool add)
    {
        float s = 0;
        var p = 0;
        if (level == SimdLevel.Vector512)
        {
            Vector512<float> a0 = default;
            for (; p + 16 <= k; p += 16)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + p), Vector512.Load(x + p), a0);
            }

            s = Vector512.Sum(a0);
        }
        else if (level == SimdLevel.Vector256)
        {
            Vector256<float> a0 = default;
            for (; p + 8 <= k; p += 8)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w + p), Vector256.Load(x + p), a0);
            }

            s = Vector256.Sum(a0);
        }

        for (; p < k; p++)
        {
            s = MathF.FusedMultiplyAdd(w[p], x[p], s);
        }

        c[0] = add ? c[0] + s : s;
    }

    private sealed class Job(float* x, float* w, float* c, int m, int n, int k, bool accumulate, SimdLevel level, int parts) : IParallelJob
    {
        public void Execute(int part)
        {
            // Part boundaries rounded to 4 rows so the 4-row kernel covers all but the last few rows.
            var lo = (int)((long)n * part / parts) & ~3;
            var hi = part == parts - 1 ? n : (int)((long)n * (part + 1) / parts) & ~3;
            Rows(x, w, c, m, n, k, accumulate, level, lo, hi);
        }
    }
}
