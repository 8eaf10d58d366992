namespace Rethink.Engine.Model;

/// <summary>
/// One named parameter tensor inside a flat parameter buffer: rows x cols floats, row-major, starting at
/// <see cref="Offset"/>. Vectors (norm weights) have <see cref="Rows"/> = 1.
/// </summary>
/// <param name="Name">GGUF-style tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Offset">Index of the first element in the flat buffer.</param>
/// <param name="Rows">Number of rows (output features for a linear layer).</param>
/// <param name="Cols">Number of columns (input features for a linear layer).</param>
public readonly record struct TensorSlice(string Name, int Offset, int Rows, int Cols)
{
    /// <summary>Rows * Cols.</summary>
    public int Length => Rows * Cols;

    /// <summary>The slice's elements in <paramref name="buffer"/>.</summary>
    public Span<float> Of(float[] buffer) => buffer.AsSpan(Offset, Length);
}
