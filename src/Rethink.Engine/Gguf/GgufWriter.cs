using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Rethink.Engine.Gguf;

/// <summary>
/// Builds a GGUF v3 file: metadata in insertion order, then the tensor directory, then tensor data, each tensor
/// aligned to <see cref="Alignment"/> (written as <c>general.alignment</c>). Not thread-safe.
/// </summary>
public sealed class GgufWriter
{
    private readonly List<KeyValuePair<string, GgufValue>> metadata = [];
    private readonly List<(GgufTensorInfo Info, ReadOnlyMemory<byte> Data)> tensors = [];
    private long nextOffset;

    /// <summary>Creates a writer whose tensors are aligned to <paramref name="alignment"/> bytes (a power of two).</summary>
    public GgufWriter(int alignment = 32)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentException("Alignment must be a positive power of two.", nameof(alignment));
        }

        Alignment = alignment;
        Add("general.alignment", GgufValue.UInt32((uint)alignment));
    }

    /// <summary>Data alignment in bytes.</summary>
    public int Alignment { get; }

    /// <summary>Adds (or replaces) a metadata entry.</summary>
    public void Add(string key, GgufValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var i = metadata.FindIndex(kv => kv.Key == key);
        if (i >= 0)
        {
            metadata[i] = new(key, value);
        }
        else
        {
            metadata.Add(new(key, value));
        }
    }

    /// <summary>Adds a tensor whose data is already encoded as <paramref name="type"/>.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="dims">Extents innermost-first (ne[0] = columns).</param>
    /// <param name="type">Element type of <paramref name="data"/>.</param>
    /// <param name="data">Encoded bytes [ByteSize].</param>
    public void AddTensor(string name, IReadOnlyList<long> dims, GgmlType type, ReadOnlyMemory<byte> data)
    {
        var info = new GgufTensorInfo(name, dims.ToArray(), type, nextOffset);
        if (info.ByteSize != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}' needs {info.ByteSize} bytes of {type}; got {data.Length}.", nameof(data));
        }

        if (tensors.Any(t => t.Info.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        tensors.Add((info, data));
        nextOffset += (data.Length + Alignment - 1) / Alignment * Alignment;
    }

    /// <summary>Encodes <paramref name="values"/> as <paramref name="type"/> and adds the tensor.</summary>
    public void AddTensor(string name, IReadOnlyList<long> dims, GgmlType type, ReadOnlySpan<float> values)
    {
        var bytes = new byte[GgufTensorInfo.ByteSizeOf(type, values.Length)];
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(values).CopyTo(bytes);
                break;
            case GgmlType.F16:
                Kernels.F16.FromSingle(values, bytes);
                break;
            case GgmlType.Q8_0:
                Kernels.Q8_0.Quantize(values, bytes);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported tensor type");
        }

        AddTensor(name, dims, type, bytes);
    }

    /// <summary>Writes the file to <paramref name="path"/> (overwriting).</summary>
    public void WriteFile(string path)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(f);
    }

    /// <summary>Writes the file to <paramref name="output"/>.</summary>
    public void Write(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var w = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        w.Write(0x46554747u); // "GGUF"
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        w.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(w, key);
            w.Write((uint)value.Type);
            WriteValue(w, value);
        }

        foreach (var (info, _) in tensors)
        {
            WriteString(w, info.Name);
            w.Write((uint)info.Dims.Count);
            foreach (var d in info.Dims)
            {
                w.Write((ulong)d);
            }

            w.Write((uint)info.Type);
            w.Write((ulong)info.Offset);
        }

        w.Flush();
        var written = output.Position;
        Pad(w, written);
        var dataStart = output.Position;
        foreach (var (info, data) in tensors)
        {
            Pad(w, output.Position - dataStart);
            w.Write(data.Span);
        }

        Pad(w, output.Position - dataStart);
        w.Flush();
    }

    private void Pad(BinaryWriter w, long position)
    {
        var pad = (int)((Alignment - (position % Alignment)) % Alignment);
        for (var i = 0; i < pad; i++)
        {
            w.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteValue(BinaryWriter w, GgufValue v)
    {
        if (v.Type == GgufValueType.Array)
        {
            var items = v.AsArray();
            w.Write((uint)v.ElementType);
            w.Write((ulong)items.Count);
            foreach (var item in items)
            {
                WriteScalar(w, v.ElementType, item);
            }

            return;
        }

        WriteScalar(w, v.Type, v.Value);
    }

    private static void WriteScalar(BinaryWriter w, GgufValueType type, object value)
    {
        Span<byte> b = stackalloc byte[8];
        switch (type)
        {
            case GgufValueType.UInt8: w.Write((byte)Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int8: w.Write((sbyte)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt16: w.Write((ushort)Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int16: w.Write((short)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt32: w.Write((uint)Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int32: w.Write((int)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt64: w.Write(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int64: w.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Float32:
                BinaryPrimitives.WriteSingleLittleEndian(b, (float)Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                w.Write(b[..4]);
                break;
            case GgufValueType.Float64:
                BinaryPrimitives.WriteDoubleLittleEndian(b, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                w.Write(b);
                break;
            case GgufValueType.Bool: w.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.String: WriteString(w, (string)value); break;
            case GgufValueType.Array: WriteValue(w, (GgufValue)value); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unknown GGUF value type");
        }
    }
}
