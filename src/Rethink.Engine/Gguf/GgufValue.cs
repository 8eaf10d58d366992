using System.Globalization;

namespace Rethink.Engine.Gguf;

/// <summary>
/// One GGUF metadata value: a scalar, a string, or an array of one element type. Immutable.
/// Scalars are stored widened (integers as long/ulong, floats as double) with their original
/// <see cref="Type"/> kept so a written file round-trips its types.
/// </summary>
public sealed class GgufValue
{
    private GgufValue(GgufValueType type, object value, GgufValueType elementType = GgufValueType.UInt8)
    {
        Type = type;
        Value = value;
        ElementType = elementType;
    }

    /// <summary>The value's type.</summary>
    public GgufValueType Type { get; }

    /// <summary>For arrays, the element type; otherwise unused.</summary>
    public GgufValueType ElementType { get; }

    /// <summary>
    /// The value: <see cref="long"/> for signed, <see cref="ulong"/> for unsigned integers, <see cref="double"/> for
    /// floats, <see cref="bool"/>, <see cref="string"/>, or for arrays an <see cref="IReadOnlyList{T}"/> of those.
    /// </summary>
    public object Value { get; }

    /// <summary>A UINT32 value.</summary>
    public static GgufValue UInt32(uint v) => new(GgufValueType.UInt32, (ulong)v);

    /// <summary>An INT32 value.</summary>
    public static GgufValue Int32(int v) => new(GgufValueType.Int32, (long)v);

    /// <summary>A FLOAT32 value.</summary>
    public static GgufValue Float32(float v) => new(GgufValueType.Float32, (double)v);

    /// <summary>A BOOL value.</summary>
    public static GgufValue Bool(bool v) => new(GgufValueType.Bool, v);

    /// <summary>A STRING value.</summary>
    public static GgufValue String(string v) => new(GgufValueType.String, v);

    /// <summary>An array of strings.</summary>
    public static GgufValue StringArray(IReadOnlyList<string> v) => new(GgufValueType.Array, v, GgufValueType.String);

    /// <summary>An array of FLOAT32.</summary>
    public static GgufValue Float32Array(IReadOnlyList<float> v) => new(GgufValueType.Array, v.Select(x => (double)x).ToArray(), GgufValueType.Float32);

    /// <summary>An array of INT32.</summary>
    public static GgufValue Int32Array(IReadOnlyList<int> v) => new(GgufValueType.Array, v.Select(x => (long)x).ToArray(), GgufValueType.Int32);

    /// <summary>Any scalar of <paramref name="type"/> from its widened value (used by the reader).</summary>
    internal static GgufValue Scalar(GgufValueType type, object widened) => new(type, widened);

    /// <summary>An array of <paramref name="elementType"/> (used by the reader).</summary>
    internal static GgufValue Array(GgufValueType elementType, object items) => new(GgufValueType.Array, items, elementType);

    /// <summary>The value as an unsigned integer (any integer type); throws when it is not a non-negative integer.</summary>
    public ulong AsUInt64() => Value switch
    {
        ulong u => u,
        long l when l >= 0 => (ulong)l,
        _ => throw new InvalidOperationException($"GGUF value of type {Type} is not a non-negative integer."),
    };

    /// <summary>The value as a float (any float or integer type).</summary>
    public double AsDouble() => Value switch
    {
        double d => d,
        ulong u => u,
        long l => l,
        _ => throw new InvalidOperationException($"GGUF value of type {Type} is not numeric."),
    };

    /// <summary>The value as a string; throws when it is not one.</summary>
    public string AsString() => Value as string ?? throw new InvalidOperationException($"GGUF value of type {Type} is not a string.");

    /// <summary>The value as a bool; throws when it is not one.</summary>
    public bool AsBool() => Value is bool b ? b : throw new InvalidOperationException($"GGUF value of type {Type} is not a bool.");

    /// <summary>The elements of an array value; throws when it is not an array.</summary>
    public IReadOnlyList<object> AsArray() => Value switch
    {
        IReadOnlyList<string> s => s,
        double[] d => d.Cast<object>().ToArray(),
        long[] l => l.Cast<object>().ToArray(),
        ulong[] u => u.Cast<object>().ToArray(),
        bool[] b => b.Cast<object>().ToArray(),
        object[] o => o,
        _ => throw new InvalidOperationException($"GGUF value of type {Type} is not an array."),
    };

    /// <inheritdoc/>
    public override string ToString() => Type == GgufValueType.Array
        ? $"[{ElementType} x {AsArray().Count}]"
        : Convert.ToString(Value, CultureInfo.InvariantCulture) ?? string.Empty;
}
