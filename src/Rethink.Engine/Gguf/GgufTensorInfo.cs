namespace Rethink.Engine.Gguf;

/// <summary>
/// One tensor's entry in a GGUF file. <see cref="Dims"/> lists ne[0..n) innermost-first, so a row-major
/// [rows, cols] matrix has Dims = [cols, rows].
/// </summary>
/// <param name="Name">Tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Dims">Extents innermost-first (ggml's ne).</param>
/// <param name="Type">Element type.</param>
/// <param name="Offset">Byte offset of the data from the start of the data section.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dims, GgmlType Type, long Offset)
{
    /// <summary>Number of elements: the product of <see cref="Dims"/>.</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>Innermost extent (columns of a matrix).</summary>
    public long Cols => Dims.Count > 0 ? Dims[0] : 1;

    /// <summary>Product of the outer extents (rows of a matrix).</summary>
    public long Rows => Dims.Count > 1 ? ElementCount / Dims[0] : 1;

    /// <summary>Bytes of data this tensor occupies.</summary>
    public long ByteSize => ByteSizeOf(Type, ElementCount);

    /// <summary>Bytes that <paramref name="count"/> elements of <paramref name="type"/> occupy.</summary>
    public static long ByteSizeOf(GgmlType type, long count) => type switch
    {
        GgmlType.F32 => count * 4,
        GgmlType.F16 => count * 2,
        GgmlType.Q8_0 => count / Kernels.Q8_0.BlockSize * Kernels.Q8_0.BlockBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported tensor type"),
    };
}
