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
        switch (level)
        {
            case SimdLevel.Vector512:
                Rows<Lanes512, Vector512<float>>(x, w, c, m, n, k, accumulate, j0, j1);
                break;
            case SimdLevel.Vector256:
                Rows<Lanes256, Vector256<float>>(x, w, c, m, n, k, accumulate, j0, j1);
                break;
            default:
                Rows<Lanes1, float>(x, w, c, m, n, k, accumulate, j0, j1);
                break;
        }
    }

    private static void Rows<TLanes, TVector>(float* x, float* w, float* c, int m, int n, int k, bool accumulate, int j0, int j1)
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        if (m == 1)
        {
            var j = j0;
            for (; j + 4 <= j1; j += 4)
            {
                Dot4x1<TLanes, TVector>(w + ((long)j * k), k, x, k, c + j, accumulate);
            }

            for (; j < j1; j++)
            {
                Dot1x1<TLanes, TVector>(w + ((long)j * k), x, k, c + j, accumulate);
            }

            return;
        }

        // Four W rows against four X rows per call while both last (16 dot products, 8 loads per 16 FMAs), then the
        // narrower kernels for the edges; every kernel reduces each dot product in the same order.
        var jb = j0;
        for (; TLanes.FourByFour && jb + 4 <= j1; jb += 4)
        {
            var wr = w + ((long)jb * k);
            var r = 0;
            for (; r + 4 <= m; r += 4)
            {
                Dot4x4<TLanes, TVector>(wr, x + ((long)r * k), k, c + ((long)r * n) + jb, n, accumulate);
            }

            for (; r < m; r++)
            {
                Dot4x1<TLanes, TVector>(wr, k, x + ((long)r * k), k, c + ((long)r * n) + jb, accumulate);
            }
        }

        for (var j = jb; j < j1; j++)
        {
            var wr = w + ((long)j * k);
            var r = 0;
            for (; r + 4 <= m; r += 4)
            {
                Dot1x4<TLanes, TVector>(wr, x + ((long)r * k), k, c + ((long)r * n) + j, n, accumulate);
            }

            for (; r < m; r++)
            {
                Dot1x1<TLanes, TVector>(wr, x + ((long)r * k), k, c + ((long)r * n) + j, accumulate);
            }
        }
    }

    // c[r * ldc + i] (+)= dot(w_i, x_r) for the four W rows at w (row stride k) and the four X rows at x (row stride k).
    // Each of the 16 dot products has its own accumulator, filled in the order Dot1x1 fills its one.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x4<TLanes, TVector>(float* w, float* x, int k, float* c, int ldc, bool add)
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        var p = 0;
        var w1 = w + k;
        var w2 = w1 + k;
        var w3 = w2 + k;
        var x1 = x + k;
        var x2 = x1 + k;
        var x3 = x2 + k;
        TVector a00 = default, a01 = default, a02 = default, a03 = default;
        TVector a10 = default, a11 = default, a12 = default, a13 = default;
        TVector a20 = default, a21 = default, a22 = default, a23 = default;
        TVector a30 = default, a31 = default, a32 = default, a33 = default;
        for (; p + TLanes.Count <= k; p += TLanes.Count)
        {
            var v0 = TLanes.Load(x + p);
            var v1 = TLanes.Load(x1 + p);
            var v2 = TLanes.Load(x2 + p);
            var v3 = TLanes.Load(x3 + p);
            var u = TLanes.Load(w + p);
            a00 = TLanes.FusedMultiplyAdd(u, v0, a00);
            a01 = TLanes.FusedMultiplyAdd(u, v1, a01);
            a02 = TLanes.FusedMultiplyAdd(u, v2, a02);
            a03 = TLanes.FusedMultiplyAdd(u, v3, a03);
            u = TLanes.Load(w1 + p);
            a10 = TLanes.FusedMultiplyAdd(u, v0, a10);
            a11 = TLanes.FusedMultiplyAdd(u, v1, a11);
            a12 = TLanes.FusedMultiplyAdd(u, v2, a12);
            a13 = TLanes.FusedMultiplyAdd(u, v3, a13);
            u = TLanes.Load(w2 + p);
            a20 = TLanes.FusedMultiplyAdd(u, v0, a20);
            a21 = TLanes.FusedMultiplyAdd(u, v1, a21);
            a22 = TLanes.FusedMultiplyAdd(u, v2, a22);
            a23 = TLanes.FusedMultiplyAdd(u, v3, a23);
            u = TLanes.Load(w3 + p);
            a30 = TLanes.FusedMultiplyAdd(u, v0, a30);
            a31 = TLanes.FusedMultiplyAdd(u, v1, a31);
            a32 = TLanes.FusedMultiplyAdd(u, v2, a32);
            a33 = TLanes.FusedMultiplyAdd(u, v3, a33);
        }

        Span<float> s = stackalloc float[16];
        s[0] = TLanes.Sum(a00); s[1] = TLanes.Sum(a10); s[2] = TLanes.Sum(a20); s[3] = TLanes.Sum(a30);
        s[4] = TLanes.Sum(a01); s[5] = TLanes.Sum(a11); s[6] = TLanes.Sum(a21); s[7] = TLanes.Sum(a31);
        s[8] = TLanes.Sum(a02); s[9] = TLanes.Sum(a12); s[10] = TLanes.Sum(a22); s[11] = TLanes.Sum(a32);
        s[12] = TLanes.Sum(a03); s[13] = TLanes.Sum(a13); s[14] = TLanes.Sum(a23); s[15] = TLanes.Sum(a33);

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
    private static void Dot4x1<TLanes, TVector>(float* w, int ldw, float* x, int k, float* c, bool add)
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        var p = 0;
        var w1 = w + ldw;
        var w2 = w1 + ldw;
        var w3 = w2 + ldw;
        TVector a0 = default, a1 = default, a2 = default, a3 = default;
        for (; p + TLanes.Count <= k; p += TLanes.Count)
        {
            var xv = TLanes.Load(x + p);
            a0 = TLanes.FusedMultiplyAdd(TLanes.Load(w + p), xv, a0);
            a1 = TLanes.FusedMultiplyAdd(TLanes.Load(w1 + p), xv, a1);
            a2 = TLanes.FusedMultiplyAdd(TLanes.Load(w2 + p), xv, a2);
            a3 = TLanes.FusedMultiplyAdd(TLanes.Load(w3 + p), xv, a3);
        }

        var s0 = TLanes.Sum(a0);
        var s1 = TLanes.Sum(a1);
        var s2 = TLanes.Sum(a2);
        var s3 = TLanes.Sum(a3);
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
    private static void Dot1x4<TLanes, TVector>(float* w, float* x, int k, float* c, int ldc, bool add)
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        var p = 0;
        var x1 = x + k;
        var x2 = x1 + k;
        var x3 = x2 + k;
        TVector a0 = default, a1 = default, a2 = default, a3 = default;
        for (; p + TLanes.Count <= k; p += TLanes.Count)
        {
            var wv = TLanes.Load(w + p);
            a0 = TLanes.FusedMultiplyAdd(wv, TLanes.Load(x + p), a0);
            a1 = TLanes.FusedMultiplyAdd(wv, TLanes.Load(x1 + p), a1);
            a2 = TLanes.FusedMultiplyAdd(wv, TLanes.Load(x2 + p), a2);
            a3 = TLanes.FusedMultiplyAdd(wv, TLanes.Load(x3 + p), a3);
        }

        var s0 = TLanes.Sum(a0);
        var s1 = TLanes.Sum(a1);
        var s2 = TLanes.Sum(a2);
        var s3 = TLanes.Sum(a3);
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
    private static void Dot1x1<TLanes, TVector>(float* w, float* x, int k, float* c, bool add)
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        var p = 0;
        TVector a0 = default;
        for (; p + TLanes.Count <= k; p += TLanes.Count)
        {
            a0 = TLanes.FusedMultiplyAdd(TLanes.Load(w + p), TLanes.Load(x + p), a0);
        }

        var s = TLanes.Sum(a0);
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

    // One vector width of the kernels above. Each kernel is instantiated once per width with these calls inlined, so
    // the generic code compiles to what a copy written for that width would be. The width only changes how many
    // products each accumulator lane takes before the fixed horizontal sum; the scalar level is the same kernel at one
    // lane, whose one accumulator per dot product is exactly the plain scalar loop.
    private interface ILanes<TVector>
        where TVector : struct
    {
        // Floats per vector.
        static abstract int Count { get; }

        // Whether Rows uses Dot4x4: not at 256 bits, where its 16 accumulators and 5 operands would not fit AVX2's
        // 16 registers.
        static abstract bool FourByFour { get; }

        static abstract TVector Load(float* p);

        static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

        static abstract float Sum(TVector v);
    }

    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        public static bool FourByFour => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float* p) => Vector512.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector512<float> v) => Vector512.Sum(v);
    }

    private readonly struct Lanes256 : ILanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;

        public static bool FourByFour => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(float* p) => Vector256.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector256<float> v) => Vector256.Sum(v);
    }

    private readonly struct Lanes1 : ILanes<float>
    {
        public static int Count => 1;

        public static bool FourByFour => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load(float* p) => *p;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float FusedMultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(float v) => v;
    }
}
