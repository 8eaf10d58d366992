using System.Buffers.Binary;
using System.Text;

namespace Rethink.Engine.Gguf;

/// <summary>
/// Parses a GGUF header (magic, version, metadata, tensor directory) defensively: every count and length is checked
/// against the bytes left in the file before anything is allocated, so a truncated or corrupt file ends in a
/// <see cref="GgufFormatException"/> with the offset, never an out-of-memory or an index error.
/// </summary>
internal sealed class GgufReader : IDisposable
{
    private const int MaxDims = 4;
    private const int MaxNesting = 4;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly FileStream stream;
    private readonly long length;
    private readonly byte[] scratch = new byte[8];

    private GgufReader(string path)
    {
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        length = stream.Length;
    }

    public static GgufFile ReadHeader(string path)
    {
        using var r = new GgufReader(path);
        return r.Parse(path);
    }

    public void Dispose() => stream.Dispose();

    private long Position => stream.Position;

    private long Remaining => length - stream.Position;

    private GgufFile Parse(string path)
    {
        var magic = ReadU32("the magic 'GGUF'");
        if (magic != 0x46554747)
        {
            throw new GgufFormatException(0, "the magic 'GGUF'", $"found 0x{magic:X8}");
        }

        var version = ReadU32("the format version");
        if (version is < 2 or > 3)
        {
            throw new GgufFormatException(4, "format version 2 or 3", $"found {version}");
        }

        var tensorCount = ReadCount("the tensor count", 24);
        var kvCount = ReadCount("the metadata count", 13);
        var metadata = new Dictionary<string, GgufValue>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            var at = Position;
            var key = ReadString($"metadata key {i}");
            var type = ReadValueType($"the type of metadata '{key}'");
            var value = ReadValue(type, key, 0);
            if (!metadata.TryAdd(key, value))
            {
                throw new GgufFormatException(at, "unique metadata keys", $"'{key}' appears twice");
            }
        }

        var alignment = 32;
        if (metadata.TryGetValue("general.alignment", out var al))
        {
            if (al.Type != GgufValueType.UInt32 || al.AsUInt64() == 0 || al.AsUInt64() > 1 << 20 || (al.AsUInt64() & (al.AsUInt64() - 1)) != 0)
            {
                throw new GgufFormatException(-1, "general.alignment as a UINT32 power of two", $"found {al}");
            }

            alignment = (int)al.AsUInt64();
        }

        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            var at = Position;
            var name = ReadString($"the name of tensor {i}");
            if (!names.Add(name))
            {
                throw new GgufFormatException(at, "unique tensor names", $"'{name}' appears twice");
            }

            var nDimsAt = Position;
            var nDims = ReadU32($"the dimension count of '{name}'");
            if (nDims is 0 or > MaxDims)
            {
                throw new GgufFormatException(nDimsAt, $"1 to {MaxDims} dimensions for '{name}'", $"found {nDims}");
            }

            var dims = new long[nDims];
            long count = 1;
            for (var d = 0; d < nDims; d++)
            {
                var dimAt = Position;
                var ne = ReadU64($"dimension {d} of '{name}'");
                // No tensor can hold more elements than the file has bytes (Q8_0, the densest, uses > 1 byte each).
                if (ne == 0 || ne > (ulong)length || count > length / (long)ne)
                {
                    throw new GgufFormatException(dimAt, $"a dimension of '{name}' between 1 and the file size", $"found {ne} (elements so far {count})");
                }

                dims[d] = (long)ne;
                count *= (long)ne;
            }

            var typeAt = Position;
            var rawType = ReadU32($"the type of '{name}'");
            if (rawType is not ((uint)GgmlType.F32 or (uint)GgmlType.F16 or (uint)GgmlType.Q8_0))
            {
                throw new GgufFormatException(typeAt, $"tensor type F32 (0), F16 (1) or Q8_0 (8) for '{name}'", $"found {rawType}");
            }

            var type = (GgmlType)rawType;
            if (type == GgmlType.Q8_0 && dims[0] % Kernels.Q8_0.BlockSize != 0)
            {
                throw new GgufFormatException(typeAt, $"a Q8_0 row length of '{name}' divisible by 32", $"found {dims[0]}");
            }

            var offAt = Position;
            var offset = ReadU64($"the data offset of '{name}'");
            if (offset > (ulong)length || offset % (ulong)alignment != 0)
            {
                throw new GgufFormatException(offAt, $"an offset of '{name}' aligned to {alignment} inside the file", $"found {offset}");
            }

            tensors.Add(new GgufTensorInfo(name, dims, type, (long)offset));
        }

        var dataOffset = (Position + alignment - 1) / alignment * alignment;
        foreach (var t in tensors)
        {
            var end = dataOffset + t.Offset + t.ByteSize;
            if (end > length)
            {
                throw new GgufFormatException(dataOffset + t.Offset, $"{t.ByteSize} bytes of tensor '{t.Name}'", $"the file ends at byte {length}");
            }
        }

        return new GgufFile(path, version, metadata, tensors, dataOffset, alignment);
    }

    private GgufValue ReadValue(GgufValueType type, string key, int depth)
    {
        switch (type)
        {
            case GgufValueType.UInt8: return GgufValue.Scalar(type, (ulong)ReadBytes(1, key)[0]);
            case GgufValueType.Int8: return GgufValue.Scalar(type, (long)(sbyte)ReadBytes(1, key)[0]);
            case GgufValueType.UInt16: return GgufValue.Scalar(type, (ulong)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, key)));
            case GgufValueType.Int16: return GgufValue.Scalar(type, (long)BinaryPrimitives.ReadInt16LittleEndian(ReadBytes(2, key)));
            case GgufValueType.UInt32: return GgufValue.Scalar(type, (ulong)ReadU32(key));
            case GgufValueType.Int32: return GgufValue.Scalar(type, (long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4, key)));
            case GgufValueType.Float32: return GgufValue.Scalar(type, (double)BinaryPrimitives.ReadSingleLittleEndian(ReadBytes(4, key)));
            case GgufValueType.UInt64: return GgufValue.Scalar(type, ReadU64(key));
            case GgufValueType.Int64: return GgufValue.Scalar(type, BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8, key)));
            case GgufValueType.Float64: return GgufValue.Scalar(type, BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8, key)));
            case GgufValueType.String: return GgufValue.Scalar(type, ReadString(key));
            case GgufValueType.Bool:
                {
                    var at = Position;
                    var b = ReadBytes(1, key)[0];
                    return b > 1 ? throw new GgufFormatException(at, $"a bool (0 or 1) for '{key}'", $"found {b}") : GgufValue.Scalar(type, b == 1);
                }

            case GgufValueType.Array:
                {
                    if (depth >= MaxNesting)
                    {
                        throw new GgufFormatException(Position, $"arrays nested at most {MaxNesting} deep in '{key}'", "deeper nesting");
                    }

                    var elem = ReadValueType($"the element type of '{key}'");
                    var count = ReadCount($"the element count of '{key}'", MinSize(elem));
                    return GgufValue.Array(elem, ReadElements(elem, (int)count, key, depth));
                }

            default:
                throw new GgufFormatException(Position, "a metadata value type", $"type {type}");
        }
    }

    private object ReadElements(GgufValueType elem, int count, string key, int depth)
    {
        switch (elem)
        {
            case GgufValueType.String:
                {
                    var s = new string[count];
                    for (var i = 0; i < count; i++)
                    {
                        s[i] = ReadString(key);
                    }

                    return s;
                }

            case GgufValueType.Float32 or GgufValueType.Float64:
                {
                    var d = new double[count];
                    for (var i = 0; i < count; i++)
                    {
                        d[i] = ReadValue(elem, key, depth + 1).AsDouble();
                    }

                    return d;
                }

            case GgufValueType.UInt8 or GgufValueType.UInt16 or GgufValueType.UInt32 or GgufValueType.UInt64:
                {
                    var u = new ulong[count];
                    for (var i = 0; i < count; i++)
                    {
                        u[i] = (ulong)ReadValue(elem, key, depth + 1).Value;
                    }

                    return u;
                }

            case GgufValueType.Int8 or GgufValueType.Int16 or GgufValueType.Int32 or GgufValueType.Int64:
                {
                    var l = new long[count];
                    for (var i = 0; i < count; i++)
                    {
                        l[i] = (long)ReadValue(elem, key, depth + 1).Value;
                    }

                    return l;
                }

            case GgufValueType.Bool:
                {
                    var b = new bool[count];
                    for (var i = 0; i < count; i++)
                    {
                        b[i] = ReadValue(elem, key, depth + 1).AsBool();
                    }

                    return b;
                }

            default:
                {
                    var o = new GgufValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        o[i] = ReadValue(elem, key, depth + 1);
                    }

                    return o;
                }
        }
    }

    private static int MinSize(GgufValueType t) => t switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.Array => 12,
        _ => 8, // 64-bit scalars, and a string's length prefix
    };

    private GgufValueType ReadValueType(string what)
    {
        var at = Position;
        var t = ReadU32(what);
        return t <= (uint)GgufValueType.Float64 ? (GgufValueType)t : throw new GgufFormatException(at, what + " (0..12)", $"found {t}");
    }

    // A count whose elements take at least minBytes each: it must fit in what is left of the file.
    private long ReadCount(string what, int minBytes)
    {
        var at = Position;
        var n = ReadU64(what);
        if (n > (ulong)(Remaining / minBytes) || n > int.MaxValue)
        {
            throw new GgufFormatException(at, what + " that fits in the file", $"found {n} with {Remaining} bytes left");
        }

        return (long)n;
    }

    private string ReadString(string what)
    {
        var at = Position;
        var n = ReadU64("the length of " + what);
        if (n > (ulong)Remaining || n > 1 << 28)
        {
            throw new GgufFormatException(at, $"a string length for {what} that fits in the file", $"found {n} with {Remaining} bytes left");
        }

        var bytes = ReadBytes((int)n, what, exact: true);
        try
        {
            return StrictUtf8.GetString(bytes, 0, (int)n);
        }
        catch (DecoderFallbackException e)
        {
            throw new GgufFormatException($"Invalid GGUF at byte {at + 8}: expected UTF-8 text for {what}; {e.Message}", e);
        }
    }

    private uint ReadU32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));

    private ulong ReadU64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, what));

    private byte[] ReadBytes(int n, string what, bool exact = false)
    {
        if (n > Remaining)
        {
            throw new GgufFormatException(Position, $"{n} bytes of {what}", $"the file ends at byte {length}");
        }

        var buffer = exact || n > scratch.Length ? new byte[n] : scratch;
        stream.ReadExactly(buffer, 0, n);
        return buffer;
    }
}
