using Rethink.Engine.Gguf;
using Rethink.Engine.Kernels;

namespace Rethink.Engine.Inference;

/// <summary>A single-precision weight matrix [Rows, Cols]; products go through <see cref="Gemm.MatMulNT"/>. Thread-safe (immutable).</summary>
public sealed unsafe class F32Matrix : WeightMatrix
{
    private readonly NativeBuffer buffer; // [Rows * Cols] floats, 64-byte aligned

    /// <summary>Copies <paramref name="data"/> [rows * cols] (row-major).</summary>
    public F32Matrix(ReadOnlySpan<float> data, int rows, int cols)
        : base(rows, cols)
    {
        if (data.Length != (long)rows * cols)
        {
            throw new ArgumentException($"Expected {(long)rows * cols} floats; got {data.Length}.", nameof(data));
        }

        buffer = new NativeBuffer((long)rows * cols * sizeof(float));
        data.CopyTo(Data);
    }

    /// <inheritdoc/>
    public override GgmlType Type => GgmlType.F32;

    /// <inheritdoc/>
    public override long ByteSize => buffer.Length;

    private Span<float> Data => new((float*)buffer.Pointer, Rows * Cols);

    /// <summary>The weights [Rows * Cols].</summary>
    public ReadOnlySpan<float> Values => Data;

    /// <inheritdoc/>
    public override void MatMul(ReadOnlySpan<float> x, Span<float> y, int m)
    {
        CheckShapes(x, y, m);
        Gemm.MatMulNT(x[..(m * Cols)], Data, y[..(m * Rows)], m, Rows, Cols);
    }

    /// <inheritdoc/>
    public override void GetRow(int row, Span<float> destination) => Data.Slice(row * Cols, Cols).CopyTo(destination);
}
