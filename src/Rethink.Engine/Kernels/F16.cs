using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Rethink.Engine.Kernels;

/// <summary>
/// IEEE 754 half &lt;-&gt; single conversion over little-endian byte buffers (the GGUF F16 encoding):
/// y[i] = (float)half(bytes[2i], bytes[2i+1]); round-to-nearest-even on the way down.
/// </summary>
public static class F16
{
    /// <summary>Decodes <paramref name="src"/> [2n bytes] into <paramref name="dst"/> [n].</summary>
    public static void ToSingle(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (src.Length < dst.Length * 2)
        {
            throw new ArgumentException("Source too small for the half values.", nameof(src));
        }

        var halves = MemoryMarshal.Cast<byte, Half>(src[..(dst.Length * 2)]);
        if (BitConverter.IsLittleEndian)
        {
            TensorPrimitives.ConvertToSingle(halves, dst);
        }
        else
        {
            for (var i = 0; i < dst.Length; i++)
            {
                dst[i] = (float)System.Buffers.Binary.BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
            }
        }
    }

    /// <summary>Encodes <paramref name="src"/> [n] into <paramref name="dst"/> [2n bytes].</summary>
    public static void FromSingle(ReadOnlySpan<float> src, Span<byte> dst)
    {
        if (dst.Length < src.Length * 2)
        {
            throw new ArgumentException("Destination too small for the half values.", nameof(dst));
        }

        if (BitConverter.IsLittleEndian)
        {
            TensorPrimitives.ConvertToHalf(src, MemoryMarshal.Cast<byte, Half>(dst[..(src.Length * 2)]));
        }
        else
        {
            for (var i = 0; i < src.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(dst[(2 * i)..], (Half)src[i]);
            }
        }
    }
}
