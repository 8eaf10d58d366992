namespace Rethink.Engine.Gguf;

/// <summary>
/// The parsed header of a GGUF file: metadata and tensor directory, plus the path and data-section offset for
/// reading tensor data on demand (<see cref="ReadTensorBytes"/>, <see cref="ReadTensorAsSingle"/>). Immutable;
/// reads open their own file handle, so concurrent reads are safe.
/// </summary>
public sealed class GgufFile
{
    internal GgufFile(string path, uint version, IReadOnlyDictionary<string, GgufValue> metadata, IReadOnlyList<GgufTensorInfo> tensors, long dataOffset, int alignment)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        DataOffset = dataOffset;
        Alignment = alignment;
        TensorsByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>File the header was read from.</summary>
    public string Path { get; }

    /// <summary>GGUF format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Metadata key/value pairs in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Tensor directory in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Tensors by name.</summary>
    public IReadOnlyDictionary<string, GgufTensorInfo> TensorsByName { get; }

    /// <summary>Absolute byte offset of the data section.</summary>
    public long DataOffset { get; }

    /// <summary>Data alignment (general.alignment, default 32).</summary>
    public int Alignment { get; }

    /// <summary>Reads the header of <paramref name="path"/>; throws <see cref="GgufFormatException"/> on a bad file.</summary>
    public static GgufFile Open(string path) => GgufReader.ReadHeader(path);

    /// <summary>Metadata value by key, or null.</summary>
    public GgufValue? Get(string key) => Metadata.TryGetValue(key, out var v) ? v : null;

    /// <summary>Metadata value by key; throws <see cref="GgufFormatException"/> naming the missing key.</summary>
    public GgufValue Require(string key) => Get(key) ?? throw new GgufFormatException($"GGUF metadata key '{key}' is missing.");

    /// <summary>Tensor entry by name; throws <see cref="GgufFormatException"/> when absent.</summary>
    public GgufTensorInfo RequireTensor(string name) =>
        TensorsByName.TryGetValue(name, out var t) ? t : throw new GgufFormatException($"GGUF tensor '{name}' is missing.");

    /// <summary>The raw encoded bytes of <paramref name="tensor"/> [ByteSize].</summary>
    public byte[] ReadTensorBytes(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var bytes = new byte[tensor.ByteSize];
        using var handle = File.OpenHandle(Path);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), DataOffset + tensor.Offset + read);
            if (n == 0)
            {
                throw new GgufFormatException(DataOffset + tensor.Offset + read, $"{bytes.Length} bytes of tensor '{tensor.Name}'", "end of file");
            }

            read += n;
        }

        return bytes;
    }

    /// <summary>The tensor decoded to floats [ElementCount] (F16 widened, Q8_0 dequantised).</summary>
    public float[] ReadTensorAsSingle(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var raw = ReadTensorBytes(tensor);
        var y = new float[tensor.ElementCount];
        switch (tensor.Type)
        {
            case GgmlType.F32:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).CopyTo(y);
                break;
            case GgmlType.F16:
                Kernels.F16.ToSingle(raw, y);
                break;
            default:
                Kernels.Q8_0.Dequantize(raw, y);
                break;
        }

        return y;
    }
}
