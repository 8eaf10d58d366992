using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rethink.Engine.Kernels;

/// <summary>
/// Cache-blocked, packed SGEMM (the BLIS loop nest): B is packed per (NC x KC) block into NR-wide column panels,
/// A per (MC x KC) block into MR-tall row panels, and an MR x NR register-tile micro-kernel
/// (<see cref="GemmMicroKernels"/>) runs over panel pairs. Parts of the work are row blocks (and column slices when
/// there are few row blocks), each writing a disjoint tile set of C, and the k-blocks are summed in a fixed order,
/// so results are bit-identical for any thread count.
/// </summary>
internal static unsafe class GemmPacked
{
    /// <summary>Depth of one packed block: KC x NR floats of B (32 KiB at NR=32) stay in L1 across the row panels.</summary>
    public const int KC = 256;

    /// <summary>Columns of B packed at once (KC x NC floats = 1 MiB at most, the L2 size).</summary>
    public const int NC = 1024;

    /// <summary>Packs full NT panels with 8 x 8 register transposes (default); false keeps the scalar loop, for the bench.</summary>
    internal static bool TransposedNtPacking { get; set; } = true;

    [ThreadStatic]
    private static AlignedBuffer? packA;

    [ThreadStatic]
    private static AlignedBuffer? packB;

    /// <summary>C[m,n] (+)= op(A) op(B) for <paramref name="layout"/>; pointers must stay pinned during the call.</summary>
    public static void Run(GemmLayout layout, float* a, float* b, float* c, int m, int n, int k, bool accumulate, SimdLevel level)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                new Span<float>(c, checked(m * n)).Clear();
            }

            return;
        }

        var (mr, nr) = GemmMicroKernels.TileOf(level);
        var mc = mr * 16;
        var pool = WorkerPool.Shared;
        var threads = (long)m * n * k < 1 << 18 ? 1 : pool.Threads;
        var bBuffer = packB ??= new AlignedBuffer();
        var job = new Job
        {
            Layout = layout, A = a, B = b, C = c, M = m, N = n, K = k, Level = level, Mr = mr, Nr = nr, Mc = mc,
        };

        for (var jc = 0; jc < n; jc += NC)
        {
            var nc = Math.Min(NC, n - jc);
            var panels = (nc + nr - 1) / nr;
            for (var pc = 0; pc < k; pc += KC)
            {
                var kc = Math.Min(KC, k - pc);
                job.Jc = jc;
                job.Nc = nc;
                job.Pc = pc;
                job.Kc = kc;
                job.Panels = panels;
                job.Add = accumulate || pc > 0;
                job.Bp = bBuffer.Get((long)panels * nr * kc);

                job.Phase = 0;
                var packParts = threads == 1 ? 1 : Math.Min(panels, threads * 2);
                job.PackParts = packParts;
                if (packParts == 1)
                {
                    job.Execute(0);
                }
                else
                {
                    pool.Run(job, packParts);
                }

                job.Phase = 1;
                var rowBlocks = (m + mc - 1) / mc;
                // Few row blocks (small M): also split the column panels so every thread has work.
                var colSplits = Math.Max(1, Math.Min(panels, (threads * 2 + rowBlocks - 1) / rowBlocks));
                if (threads == 1)
                {
                    colSplits = 1;
                }

                job.RowBlocks = rowBlocks;
                job.ColSplits = colSplits;
                var parts = rowBlocks * colSplits;
                if (parts == 1 || threads == 1)
                {
                    for (var i = 0; i < parts; i++)
                    {
                        job.Execute(i);
                    }
                }
                else
                {
                    pool.Run(job, parts);
                }
            }
        }
    }

    private sealed class Job : IParallelJob
    {
        public GemmLayout Layout;
        public float* A;
        public float* B;
        public float* C;
        public float* Bp;
        public int M;
        public int N;
        public int K;
        public SimdLevel Level;
        public int Mr;
        public int Nr;
        public int Mc;
        public int Jc;
        public int Nc;
        public int Pc;
        public int Kc;
        public int Panels;
        public bool Add;
        public int Phase;
        public int PackParts;
        public int RowBlocks;
        public int ColSplits;

        public void Execute(int part)
        {
            if (Phase == 0)
            {
                var lo = (int)((long)Panels * part / PackParts);
                var hi = (int)((long)Panels * (part + 1) / PackParts);
                for (var p = lo; p < hi; p++)
                {
                    PackBPanel(p);
                }

                return;
            }

            var rb = part / ColSplits;
            var cs = part % ColSplits;
            var i0 = rb * Mc;
            var mcur = Math.Min(Mc, M - i0);
            var pLo = (int)((long)Panels * cs / ColSplits);
            var pHi = (int)((long)Panels * (cs + 1) / ColSplits);
            var rowPanels = (mcur + Mr - 1) / Mr;
            var ap = (packA ??= new AlignedBuffer()).Get((long)rowPanels * Mr * Kc);
            for (var r = 0; r < rowPanels; r++)
            {
                PackAPanel(ap + ((long)r * Mr * Kc), i0 + (r * Mr));
            }

            var tile = stackalloc float[GemmMicroKernels.MaxTile];
            for (var jp = pLo; jp < pHi; jp++)
            {
                var j = Jc + (jp * Nr);
                var ncols = Math.Min(Nr, N - j);
                var bpanel = Bp + ((long)jp * Nr * Kc);
                for (var r = 0; r < rowPanels; r++)
                {
                    var i = i0 + (r * Mr);
                    var nrows = Math.Min(Mr, M - i);
                    var apanel = ap + ((long)r * Mr * Kc);
                    var cTile = C + ((long)i * N) + j;
                    if (nrows == Mr && ncols == Nr)
                    {
                        GemmMicroKernels.Run(Level, Kc, apanel, bpanel, cTile, N, Add);
                    }
                    else
                    {
                        // Edge tile: compute the full padded tile into scratch, then merge the valid part.
                        GemmMicroKernels.Run(Level, Kc, apanel, bpanel, tile, Nr, false);
                        for (var ii = 0; ii < nrows; ii++)
                        {
                            var dst = cTile + ((long)ii * N);
                            var src = tile + (ii * Nr);
                            for (var jj = 0; jj < ncols; jj++)
                            {
                                dst[jj] = Add ? dst[jj] + src[jj] : src[jj];
                            }
                        }
                    }
                }
            }
        }

        // Ap[p * Mr + ii] = op(A)[i0 + ii, Pc + p], zero past the last row.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackAPanel(float* ap, int i0)
        {
            var rows = Math.Min(Mr, M - i0);
            if (Layout == GemmLayout.TN)
            {
                for (var p = 0; p < Kc; p++)
                {
                    var src = A + ((long)(Pc + p) * M) + i0;
                    var dst = ap + (p * Mr);
                    var ii = 0;
                    for (; ii < rows; ii++)
                    {
                        dst[ii] = src[ii];
                    }

                    for (; ii < Mr; ii++)
                    {
                        dst[ii] = 0;
                    }
                }

                return;
            }

            for (var ii = 0; ii < Mr; ii++)
            {
                if (ii < rows)
                {
                    var src = A + ((long)(i0 + ii) * K) + Pc;
                    for (var p = 0; p < Kc; p++)
                    {
                        ap[(p * Mr) + ii] = src[p];
                    }
                }
                else
                {
                    for (var p = 0; p < Kc; p++)
                    {
                        ap[(p * Mr) + ii] = 0;
                    }
                }
            }
        }

        // The NT panel of PackBPanel for a full panel, 8 x 8 blocks transposed in registers: the scalar loop writes one
        // float per store at a stride of Nr, and for short prompts packing, not arithmetic, was most of a prefill.
        // Pure data movement: the packed values, and so every product, are the same.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackBPanelNT8(float* bp, int j0)
        {
            for (var jj = 0; jj < Nr; jj += 8)
            {
                var src = B + ((long)(j0 + jj) * K) + Pc;
                var p = 0;
                for (; p + 8 <= Kc; p += 8)
                {
                    var s0 = src + p;
                    var r0 = Avx.LoadVector256(s0);
                    var r1 = Avx.LoadVector256(s0 + K);
                    var r2 = Avx.LoadVector256(s0 + (2L * K));
                    var r3 = Avx.LoadVector256(s0 + (3L * K));
                    var r4 = Avx.LoadVector256(s0 + (4L * K));
                    var r5 = Avx.LoadVector256(s0 + (5L * K));
                    var r6 = Avx.LoadVector256(s0 + (6L * K));
                    var r7 = Avx.LoadVector256(s0 + (7L * K));
                    var t0 = Avx.UnpackLow(r0, r1);
                    var t1 = Avx.UnpackHigh(r0, r1);
                    var t2 = Avx.UnpackLow(r2, r3);
                    var t3 = Avx.UnpackHigh(r2, r3);
                    var t4 = Avx.UnpackLow(r4, r5);
                    var t5 = Avx.UnpackHigh(r4, r5);
                    var t6 = Avx.UnpackLow(r6, r7);
                    var t7 = Avx.UnpackHigh(r6, r7);
                    var u0 = Avx.Shuffle(t0, t2, 0x44);
                    var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44);
                    var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = Avx.Shuffle(t4, t6, 0x44);
                    var u5 = Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = Avx.Shuffle(t5, t7, 0x44);
                    var u7 = Avx.Shuffle(t5, t7, 0xEE);
                    var d = bp + ((long)p * Nr) + jj;
                    Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
                    Avx.Store(d + Nr, Avx.Permute2x128(u1, u5, 0x20));
                    Avx.Store(d + (2 * Nr), Avx.Permute2x128(u2, u6, 0x20));
                    Avx.Store(d + (3 * Nr), Avx.Permute2x128(u3, u7, 0x20));
                    Avx.Store(d + (4 * Nr), Avx.Permute2x128(u0, u4, 0x31));
                    Avx.Store(d + (5 * Nr), Avx.Permute2x128(u1, u5, 0x31));
                    Avx.Store(d + (6 * Nr), Avx.Permute2x128(u2, u6, 0x31));
                    Avx.Store(d + (7 * Nr), Avx.Permute2x128(u3, u7, 0x31));
                }

                for (; p < Kc; p++)
                {
                    for (var i = 0; i < 8; i++)
                    {
                        bp[((long)p * Nr) + jj + i] = src[((long)i * K) + p];
                    }
                }
            }
        }

        // Bp[p * Nr + jj] = op(B)[Pc + p, j0 + jj], zero past the last column.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackBPanel(int panel)
        {
            var bp = Bp + ((long)panel * Nr * Kc);
            var j0 = Jc + (panel * Nr);
            var cols = Math.Min(Nr, N - j0);
            if (Layout == GemmLayout.NT)
            {
                if (cols == Nr && Nr % 8 == 0 && Avx.IsSupported && TransposedNtPacking)
                {
                    PackBPanelNT8(bp, j0);
                    return;
                }

                for (var jj = 0; jj < Nr; jj++)
                {
                    if (jj < cols)
                    {
                        var src = B + ((long)(j0 + jj) * K) + Pc;
                        for (var p = 0; p < Kc; p++)
                        {
                            bp[(p * Nr) + jj] = src[p];
                        }
                    }
                    else
                    {
                        for (var p = 0; p < Kc; p++)
                        {
                            bp[(p * Nr) + jj] = 0;
                        }
                    }
                }

                return;
            }

            for (var p = 0; p < Kc; p++)
            {
                var src = B + ((long)(Pc + p) * N) + j0;
                var dst = bp + (p * Nr);
                if (cols == Nr)
                {
                    new ReadOnlySpan<float>(src, Nr).CopyTo(new Span<float>(dst, Nr));
                }
                else
                {
                    var jj = 0;
                    for (; jj < cols; jj++)
                    {
                        dst[jj] = src[jj];
                    }

                    for (; jj < Nr; jj++)
                    {
                        dst[jj] = 0;
                    }
                }
            }
        }
    }
}
