using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rethink.Engine.Kernels;

/// <summary>
/// Register-tile micro-kernels of <see cref="GemmPacked"/>: C[MR,NR] (+)= sum_p Ap[p,0..MR) (outer) Bp[p,0..NR)
/// over one packed A panel (Ap[p * MR + i]) and one packed B panel (Bp[p * NR + j]). Each kernel is its own method
/// with its accumulators as locals so the JIT keeps them in registers (16 of the 32 zmm registers at 8x32).
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Largest MR * NR of any level (scratch size for edge tiles).</summary>
    public const int MaxTile = 8 * 32;

    /// <summary>The (MR, NR) register tile of <paramref name="level"/>.</summary>
    public static (int Mr, int Nr) TileOf(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => (8, 32),
        SimdLevel.Vector256 => (6, 16),
        _ => (4, 4),
    };

    /// <summary>Runs the micro-kernel of <paramref name="level"/> on one full tile.</summary>
    public static void Run(SimdLevel level, int kc, float* ap, float* bp, float* c, int ldc, bool add)
    {
        switch (level)
        {
            case SimdLevel.Vector512:
                Kernel8x32(kc, ap, bp, c, ldc, add);
                break;
            case SimdLevel.Vector256:
                Kernel6x16(kc, ap, bp, c, ldc, add);
                break;
            default:
                Kernel4x4Scalar(kc, ap, bp, c, ldc, add);
                break;
        }
    }

    private static void Kernel4x4Scalar(int kc, float* ap, float* bp, float* c, int ldc, bool add)
    {
        var acc = stackalloc float[16];
        new Span<float>(acc, 16).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var i = 0; i < 4; i++)
            {
                var a = ap[(p * 4) + i];
                for (var j = 0; j < 4; j++)
                {
                    acc[(i * 4) + j] = MathF.FusedMultiplyAdd(a, bp[(p * 4) + j], acc[(i * 4) + j]);
                }
            }
        }

        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                c[(i * ldc) + j] = add ? c[(i * ldc) + j] + acc[(i * 4) + j] : acc[(i * 4) + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* ap, float* bp, float* c, int ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(bp);
            var b1 = Vector512.LoadAligned(bp + 16);
            var a0 = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(ap[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(ap[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(ap[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(ap[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(ap[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(ap[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(ap[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            ap += 8;
            bp += 32;
        }

        if (add)
        {
            c00 += Vector512.Load(c + (0 * ldc));
            c01 += Vector512.Load(c + (0 * ldc) + 16);
            c10 += Vector512.Load(c + (1 * ldc));
            c11 += Vector512.Load(c + (1 * ldc) + 16);
            c20 += Vector512.Load(c + (2 * ldc));
            c21 += Vector512.Load(c + (2 * ldc) + 16);
            c30 += Vector512.Load(c + (3 * ldc));
            c31 += Vector512.Load(c + (3 * ldc) + 16);
            c40 += Vector512.Load(c + (4 * ldc));
            c41 += Vector512.Load(c + (4 * ldc) + 16);
            c50 += Vector512.Load(c + (5 * ldc));
            c51 += Vector512.Load(c + (5 * ldc) + 16);
            c60 += Vector512.Load(c + (6 * ldc));
            c61 += Vector512.Load(c + (6 * ldc) + 16);
            c70 += Vector512.Load(c + (7 * ldc));
            c71 += Vector512.Load(c + (7 * ldc) + 16);
        }

        c00.Store(c + (0 * ldc));
        c01.Store(c + (0 * ldc) + 16);
        c10.Store(c + (1 * ldc));
        c11.Store(c + (1 * ldc) + 16);
        c20.Store(c + (2 * ldc));
        c21.Store(c + (2 * ldc) + 16);
        c30.Store(c + (3 * ldc));
        c31.Store(c + (3 * ldc) + 16);
        c40.Store(c + (4 * ldc));
        c41.Store(c + (4 * ldc) + 16);
        c50.Store(c + (5 * ldc));
        c51.Store(c + (5 * ldc) + 16);
        c60.Store(c + (6 * ldc));
        c61.Store(c + (6 * ldc) + 16);
        c70.Store(c + (7 * ldc));
        c71.Store(c + (7 * ldc) + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* ap, float* bp, float* c, int ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadAligned(bp);
            var b1 = Vector256.LoadAligned(bp + 8);
            var a0 = Vector256.Create(ap[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(ap[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(ap[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(ap[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(ap[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(ap[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            ap += 6;
            bp += 16;
        }

        if (add)
        {
            c00 += Vector256.Load(c + (0 * ldc));
            c01 += Vector256.Load(c + (0 * ldc) + 8);
            c10 += Vector256.Load(c + (1 * ldc));
            c11 += Vector256.Load(c + (1 * ldc) + 8);
            c20 += Vector256.Load(c + (2 * ldc));
            c21 += Vector256.Load(c + (2 * ldc) + 8);
            c30 += Vector256.Load(c + (3 * ldc));
            c31 += Vector256.Load(c + (3 * ldc) + 8);
            c40 += Vector256.Load(c + (4 * ldc));
            c41 += Vector256.Load(c + (4 * ldc) + 8);
            c50 += Vector256.Load(c + (5 * ldc));
            c51 += Vector256.Load(c + (5 * ldc) + 8);
        }

        c00.Store(c + (0 * ldc));
        c01.Store(c + (0 * ldc) + 8);
        c10.Store(c + (1 * ldc));
        c11.Store(c + (1 * ldc) + 8);
        c20.Store(c + (2 * ldc));
        c21.Store(c + (2 * ldc) + 8);
        c30.Store(c + (3 * ldc));
        c31.Store(c + (3 * ldc) + 8);
        c40.Store(c + (4 * ldc));
        c41.Store(c + (4 * ldc) + 8);
        c50.Store(c + (5 * ldc));
        c51.Store(c + (5 * ldc) + 8);
    }
}
