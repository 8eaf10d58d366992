using Rethink.Engine.Gguf;

namespace Rethink.Engine.Inference;

/// <summary>
/// A read-only linear-layer weight W [Rows, Cols] (row-major, [out, in]) in some storage format, with the one
/// product inference needs: y[m, Rows] = x[m, Cols] W^T. Immutable after construction; all members are safe to call
/// from many threads at once (scratch is per thread).
/// </summary>
public abstract class WeightMatrix
{
    /// <summary>Sets the shape.</summary>
    protected WeightMatrix(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Output features.</summary>
    public int Rows { get; }

    /// <summary>Input features.</summary>
    public int Cols { get; }

    /// <summary>Storage type.</summary>
    public abstract GgmlType Type { get; }

    /// <summary>Bytes the weights occupy (what one full product streams from memory).</summary>
    public abstract long ByteSize { get; }

    /// <summary>y[m, Rows] = x[m, Cols] W^T (overwrites y).</summary>
    /// <param name="x">Input rows [m, Cols].</param>
    /// <param name="y">Output rows [m, Rows].</param>
    /// <param name="m">Number of rows.</param>
    public abstract void MatMul(ReadOnlySpan<float> x, Span<float> y, int m);

    /// <summary>Decodes row <paramref name="row"/> into <paramref name="destination"/> [Cols] (embedding lookup).</summary>
    public abstract void GetRow(int row, Span<float> destination);

    /// <summary>Throws when the spans are too small for m rows.</summary>
    protected void CheckShapes(ReadOnlySpan<float> x, Span<float> y, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (x.Length < (long)m * Cols || y.Length < (long)m * Rows)
        {
            throw new ArgumentException($"MatMul buffers too small: x {x.Length}/{(long)m * Cols}, y {y.Length}/{(long)m * Rows}.");
        }
    }
}
