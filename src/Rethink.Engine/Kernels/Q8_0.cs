using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rethink.Engine.Kernels;

/// <summary>
/// GGUF's Q8_0 quantisation: blocks of <see cref="BlockSize"/> values stored as one IEEE half scale d followed by
/// 32 signed bytes q (34 bytes per block, <see cref="BlockBytes"/>), value = d * q. Quantisation (ggml's reference):
/// d = max|x| / 127, q = round_half_away(x / d) (q = 0 when d = 0); the quants use the float d, the stored d is
/// d rounded to half. Also the matrix-vector product of a Q8_0 weight matrix with activations quantised to Q8_0 on
/// the fly (as llama.cpp does): y[j] = sum_b dW[j,b] dX[b] sum_i qW[j,b,i] qX[b,i], integer inner sums.
/// </summary>
public static class Q8_0
{
    /// <summary>Values per block.</summary>
    public const int BlockSize = 32;

    /// <summary>Bytes per block in the GGUF layout (2-byte half scale + 32 quants).</summary>
    public const int BlockBytes = 34;

    /// <summary>Number of bytes the GGUF encoding of <paramref name="count"/> values takes (count must be a multiple of 32).</summary>
    public static long EncodedLength(long count)
    {
        if (count % BlockSize != 0)
        {
            throw new ArgumentException($"Q8_0 needs a multiple of {BlockSize} values; got {count}.", nameof(count));
        }

        return count / BlockSize * BlockBytes;
    }

    /// <summary>Encodes <paramref name="x"/> [n, n % 32 == 0] into GGUF Q8_0 blocks <paramref name="dst"/> [n / 32 * 34 bytes].</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> dst)
    {
        var blocks = checked((int)(EncodedLength(x.Length) / BlockBytes));
        if (dst.Length < blocks * BlockBytes)
        {
            throw new ArgumentException("Destination too small for the Q8_0 blocks.", nameof(dst));
        }

        Span<sbyte> q = stackalloc sbyte[BlockSize];
        for (var b = 0; b < blocks; b++)
        {
            var d = QuantizeBlock(x.Slice(b * BlockSize, BlockSize), q);
            var block = dst.Slice(b * BlockBytes, BlockBytes);
            BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
            for (var i = 0; i < BlockSize; i++)
            {
                block[2 + i] = unchecked((byte)q[i]);
            }
        }
    }

    /// <summary>Decodes GGUF Q8_0 blocks <paramref name="src"/> [blocks * 34 bytes] into <paramref name="y"/> [blocks * 32]: y = d * q.</summary>
    public static void Dequantize(ReadOnlySpan<byte> src, Span<float> y)
    {
        var blocks = checked((int)(EncodedLength(y.Length) / BlockBytes));
        if (src.Length < blocks * BlockBytes)
        {
            throw new ArgumentException("Source too small for the Q8_0 blocks.", nameof(src));
        }

        for (var b = 0; b < blocks; b++)
        {
            var block = src.Slice(b * BlockBytes, BlockBytes);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
            for (var i = 0; i < BlockSize; i++)
            {
                y[(b * BlockSize) + i] = d * unchecked((sbyte)block[2 + i]);
            }
        }
    }

    /// <summary>
    /// Quantises one block x [32] into q [32] and returns its float scale d = max|x| / 127, q = round(x / d).
    /// </summary>
    public static float QuantizeBlock(ReadOnlySpan<float> x, Span<sbyte> q)
    {
        var amax = 0f;
        for (var i = 0; i < BlockSize; i++)
        {
            amax = MathF.Max(amax, MathF.Abs(x[i]));
        }

        var d = amax / 127f;
        var id = d != 0 ? 1f / d : 0f;
        for (var i = 0; i < BlockSize; i++)
        {
            q[i] = (sbyte)MathF.Round(x[i] * id, MidpointRounding.AwayFromZero);
        }

        return d;
    }

    /// <summary>
    /// Quantises an activation row x [k] into quants q [k] and float scales d [k / 32] (the on-the-fly activation side
    /// of <c>Inference.Q8Matrix</c>'s product; scales stay float because they are never stored).
    /// </summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<sbyte> q, Span<float> d)
    {
        var blocks = x.Length / BlockSize;
        if (x.Length % BlockSize != 0 || q.Length < x.Length || d.Length < blocks)
        {
            throw new ArgumentException("QuantizeRow needs k % 32 == 0, q [k] and d [k / 32].");
        }

        for (var b = 0; b < blocks; b++)
        {
            d[b] = QuantizeBlock(x.Slice(b * BlockSize, BlockSize), q.Slice(b * BlockSize, BlockSize));
        }
    }

    /// <summary>Best dot-product level of this machine.</summary>
    internal static Q8Level BestLevel { get; } =
        AvxVnni.IsSupported ? Q8Level.AvxVnni : Avx2.IsSupported ? Q8Level.Avx2 : Q8Level.Scalar;

    /// <summary>Levels this machine runs (scalar always), for tests.</summary>
    internal static IReadOnlyList<Q8Level> AvailableLevels { get; } =
        BestLevel switch
        {
            Q8Level.AvxVnni => [Q8Level.Scalar, Q8Level.Avx2, Q8Level.AvxVnni],
            Q8Level.Avx2 => [Q8Level.Scalar, Q8Level.Avx2],
            _ => [Q8Level.Scalar],
        };

    /// <summary>
    /// Scalar reference of one row dot: sum_b wd[b] xd[b] sum_i wq[b*32+i] xq[b*32+i] (integer inner sum, exact).
    /// </summary>
    internal static unsafe float DotReference(sbyte* wq, float* wd, sbyte* xq, float* xd, int blocks)
    {
        var s = 0f;
        for (var b = 0; b < blocks; b++)
        {
            var isum = 0;
            for (var i = 0; i < BlockSize; i++)
            {
                isum += wq[(b * BlockSize) + i] * xq[(b * BlockSize) + i];
            }

            s += wd[b] * xd[b] * isum;
        }

        return s;
    }

    /// <summary>
    /// Four weight rows (quants at wq + r * ldq, scales at wd + r * blocks) against one quantised activation row:
    /// out[r] = sum_b wd[r,b] xd[b] isum(r,b). Block integer sums are exact; the float accumulation order is fixed per
    /// level, so one row's result is the same whichever group of four it is computed in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Dot4(Q8Level level, sbyte* wq, float* wd, int blocks, sbyte* xq, float* xd, float* result, int rows)
    {
        var k = blocks * BlockSize;
        if (level == Q8Level.Scalar)
        {
            for (var r = 0; r < rows; r++)
            {
                result[r] = DotReference(wq + ((long)r * k), wd + ((long)r * blocks), xq, xd, blocks);
            }

            return;
        }

        // Rows beyond `rows` alias row 0 (read but discarded) so the 4-row loop never branches.
        var q1 = rows > 1 ? wq + k : wq;
        var q2 = rows > 2 ? wq + (2L * k) : wq;
        var q3 = rows > 3 ? wq + (3L * k) : wq;
        var d1 = rows > 1 ? wd + blocks : wd;
        var d2 = rows > 2 ? wd + (2 * blocks) : wd;
        var d3 = rows > 3 ? wd + (3 * blocks) : wd;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var ones = Vector256.Create((short)1);
        for (var b = 0; b < blocks; b++)
        {
            var off = b * BlockSize;
            var xv = Vector256.Load(xq + off);
            // vpdpbusd / vpmaddubsw multiply unsigned by signed: move x's sign onto w and use |x|.
            var ax = Avx2.Abs(xv);
            var xs = Vector256.Create(xd[b]);
            Vector256<int> i0, i1, i2, i3;
            if (level == Q8Level.AvxVnni)
            {
                i0 = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, ax, Avx2.Sign(Vector256.Load(wq + off), xv));
                i1 = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, ax, Avx2.Sign(Vector256.Load(q1 + off), xv));
                i2 = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, ax, Avx2.Sign(Vector256.Load(q2 + off), xv));
                i3 = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, ax, Avx2.Sign(Vector256.Load(q3 + off), xv));
            }
            else
            {
                i0 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(ax, Avx2.Sign(Vector256.Load(wq + off), xv)), ones);
                i1 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(ax, Avx2.Sign(Vector256.Load(q1 + off), xv)), ones);
                i2 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(ax, Avx2.Sign(Vector256.Load(q2 + off), xv)), ones);
                i3 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(ax, Avx2.Sign(Vector256.Load(q3 + off), xv)), ones);
            }

            a0 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(i0), Vector256.Create(wd[b]) * xs, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(i1), Vector256.Create(d1[b]) * xs, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(i2), Vector256.Create(d2[b]) * xs, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(i3), Vector256.Create(d3[b]) * xs, a3);
        }

        result[0] = Vector256.Sum(a0);
        if (rows > 1)
        {
            result[1] = Vector256.Sum(a1);
        }

        if (rows > 2)
        {
            result[2] = Vector256.Sum(a2);
        }

        if (rows > 3)
        {
            result[3] = Vector256.Sum(a3);
        }
    }
}
