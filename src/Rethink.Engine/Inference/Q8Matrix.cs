using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using Rethink.Engine.Gguf;
using Rethink.Engine.Kernels;

namespace Rethink.Engine.Inference;

/// <summary>
/// A Q8_0 weight matrix [Rows, Cols] (Cols % 32 == 0), held as int8 quants [Rows, Cols] plus one float scale per
/// block of 32 [Rows, Cols / 32] (GGUF's 34-byte blocks split so the quant rows are 64-byte aligned). Products with
/// at most 8 input rows quantise the inputs to Q8_0 and use integer dot products (<see cref="Q8_0"/>); longer inputs
/// (prefill) dequantise 64-row slices and use the F32 GEMM. Thread-safe (immutable; scratch is per thread).
/// </summary>
public sealed unsafe class Q8Matrix : WeightMatrix
{
    private const int SliceRows = 64;

    [ThreadStatic]
    private static float[]? sliceScratch;

    private readonly NativeBuffer quants; // [Rows, Cols] sbyte
    private readonly float[] scales;      // [Rows, Cols / 32]
    private readonly int blocks;          // Cols / 32

    private Q8Matrix(int rows, int cols)
        : base(rows, cols)
    {
        if (cols % Q8_0.BlockSize != 0)
        {
            throw new ArgumentException($"Q8_0 needs Cols divisible by {Q8_0.BlockSize}; got {cols}.", nameof(cols));
        }

        blocks = cols / Q8_0.BlockSize;
        quants = new NativeBuffer((long)rows * cols);
        scales = new float[(long)rows * blocks];
    }

    /// <inheritdoc/>
    public override GgmlType Type => GgmlType.Q8_0;

    /// <inheritdoc/>
    public override long ByteSize => quants.Length + (scales.Length * sizeof(float));

    internal Q8Level Level { get; init; } = Q8_0.BestLevel;

    /// <summary>Quantises float weights <paramref name="data"/> [rows * cols] with ggml's Q8_0 rule (scales rounded to half as in GGUF).</summary>
    public static Q8Matrix Quantize(ReadOnlySpan<float> data, int rows, int cols)
    {
        var bytes = new byte[Q8_0.EncodedLength((long)rows * cols)];
        Q8_0.Quantize(data[..(rows * cols)], bytes);
        return FromGguf(bytes, rows, cols);
    }

    /// <summary>Builds the matrix from GGUF Q8_0 blocks <paramref name="blocksBytes"/> [rows * cols / 32 * 34].</summary>
    public static Q8Matrix FromGguf(ReadOnlySpan<byte> blocksBytes, int rows, int cols)
    {
        var m = new Q8Matrix(rows, cols);
        var total = (long)rows * m.blocks;
        if (blocksBytes.Length != total * Q8_0.BlockBytes)
        {
            throw new ArgumentException($"Expected {total * Q8_0.BlockBytes} bytes of Q8_0 blocks; got {blocksBytes.Length}.", nameof(blocksBytes));
        }

        var q = (sbyte*)m.quants.Pointer;
        for (long b = 0; b < total; b++)
        {
            var block = blocksBytes.Slice((int)(b * Q8_0.BlockBytes), Q8_0.BlockBytes);
            m.scales[b] = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
            block[2..].CopyTo(new Span<byte>(q + (b * Q8_0.BlockSize), Q8_0.BlockSize));
        }

        return m;
    }

    /// <summary>Concatenates the rows of several Q8_0 matrices with equal <see cref="WeightMatrix.Cols"/> (fused projections).</summary>
    public static Q8Matrix ConcatRows(IReadOnlyList<Q8Matrix> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var cols = parts[0].Cols;
        var m = new Q8Matrix(parts.Sum(p => p.Rows), cols);
        long row = 0;
        foreach (var p in parts)
        {
            if (p.Cols != cols)
            {
                throw new ArgumentException("All parts need the same column count.", nameof(parts));
            }

            new ReadOnlySpan<byte>(p.quants.Pointer, (int)p.quants.Length).CopyTo(new Span<byte>(m.quants.Pointer + (row * cols), (int)p.quants.Length));
            p.scales.CopyTo(m.scales, row * m.blocks);
            row += p.Rows;
        }

        return m;
    }

    /// <inheritdoc/>
    public override void GetRow(int row, Span<float> destination)
    {
        var q = (sbyte*)quants.Pointer + ((long)row * Cols);
        for (var b = 0; b < blocks; b++)
        {
            var d = scales[(row * blocks) + b];
            for (var i = 0; i < Q8_0.BlockSize; i++)
            {
                destination[(b * Q8_0.BlockSize) + i] = d * q[(b * Q8_0.BlockSize) + i];
            }
        }
    }

    /// <inheritdoc/>
    public override void MatMul(ReadOnlySpan<float> x, Span<float> y, int m)
    {
        CheckShapes(x, y, m);
        if (m == 0)
        {
            return;
        }

        fixed (float* px = x, py = y, pd = scales)
        {
            if (m <= Gemv.MaxRows)
            {
                // Activations quantised once on the caller; every part reads them.
                var xq = new sbyte[m * Cols];  // [m, Cols]
                var xd = new float[m * blocks]; // [m, Cols / 32]
                for (var r = 0; r < m; r++)
                {
                    Q8_0.QuantizeRow(x.Slice(r * Cols, Cols), xq.AsSpan(r * Cols, Cols), xd.AsSpan(r * blocks, blocks));
                }

                fixed (sbyte* pxq = xq)
                fixed (float* pxd = xd)
                {
                    var job = new DotJob(this, pd, pxq, pxd, py, m);
                    var pool = WorkerPool.Shared;
                    var parts = Math.Max(1, Math.Min(pool.Threads * 4, Rows / 64));
                    job.Parts = parts;
                    pool.Run(job, parts);
                }
            }
            else
            {
                var job = new SliceJob(this, px, py, m);
                WorkerPool.Shared.Run(job, (Rows + SliceRows - 1) / SliceRows);
            }
        }
    }

    /// <summary>Rows [j0, j1) of y for the quantised activations (the integer-dot path).</summary>
    private void DotRows(float* wd, sbyte* xq, float* xd, float* y, int m, int j0, int j1)
    {
        var q = (sbyte*)quants.Pointer;
        var result = stackalloc float[4];
        for (var j = j0; j < j1; j += 4)
        {
            var rows = Math.Min(4, j1 - j);
            for (var r = 0; r < m; r++)
            {
                Q8_0.Dot4(Level, q + ((long)j * Cols), wd + ((long)j * blocks), blocks, xq + ((long)r * Cols), xd + ((long)r * blocks), result, rows);
                for (var i = 0; i < rows; i++)
                {
                    y[((long)r * Rows) + j + i] = result[i];
                }
            }
        }
    }

    /// <summary>Dequantises rows [j0, j0 + count) into <paramref name="dst"/> [count, Cols].</summary>
    private void DequantizeRows(int j0, int count, float* dst)
    {
        var q = (sbyte*)quants.Pointer + ((long)j0 * Cols);
        var n = count * blocks;
        for (var b = 0; b < n; b++)
        {
            var src = q + ((long)b * Q8_0.BlockSize);
            var o = dst + ((long)b * Q8_0.BlockSize);
            var d = scales[((long)j0 * blocks) + b];
            if (Vector512.IsHardwareAccelerated)
            {
                var dv = Vector512.Create(d);
                var lo = Vector256.Load(src);
                var (a, bb) = Vector256.Widen(lo);
                var (a0, a1) = Vector256.Widen(a);
                var (b0, b1) = Vector256.Widen(bb);
                (Vector512.ConvertToSingle(Vector512.Create(a0, a1)) * dv).Store(o);
                (Vector512.ConvertToSingle(Vector512.Create(b0, b1)) * dv).Store(o + 16);
            }
            else
            {
                for (var i = 0; i < Q8_0.BlockSize; i++)
                {
                    o[i] = d * src[i];
                }
            }
        }
    }

    private sealed class DotJob(Q8Matrix w, float* wd, sbyte* xq, float* xd, float* y, int m) : IParallelJob
    {
        public int Parts { get; set; } = 1;

        public void Execute(int part)
        {
            var lo = (int)((long)w.Rows * part / Parts) & ~3;
            var hi = part == Parts - 1 ? w.Rows : (int)((long)w.Rows * (part + 1) / Parts) & ~3;
            w.DotRows(wd, xq, xd, y, m, lo, hi);
        }
    }

    private sealed class SliceJob(Q8Matrix w, float* x, float* y, int m) : IParallelJob
    {
        public void Execute(int part)
        {
            var j0 = part * SliceRows;
            var count = Math.Min(SliceRows, w.Rows - j0);
            var need = (count * w.Cols) + (m * count);
            if (sliceScratch is null || sliceScratch.Length < need)
            {
                sliceScratch = new float[need];
            }

            fixed (float* s = sliceScratch)
            {
                var slice = s;                        // [count, Cols]
                var outSlice = s + (count * w.Cols);  // [m, count]
                w.DequantizeRows(j0, count, slice);
                // Nested inside a pool batch, this GEMM runs on the current thread.
                Gemm.MatMulNT(new ReadOnlySpan<float>(x, m * w.Cols), new ReadOnlySpan<float>(slice, count * w.Cols), new Span<float>(outSlice, m * count), m, count, w.Cols);
                for (var r = 0; r < m; r++)
                {
                    new ReadOnlySpan<float>(outSlice + ((long)r * count), count).CopyTo(new Span<float>(y + ((long)r * w.Rows) + j0, count));
                }
            }
        }
    }
}
