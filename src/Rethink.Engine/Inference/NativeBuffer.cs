using System.Runtime.InteropServices;

namespace Rethink.Engine.Inference;

/// <summary>
/// Fixed-size, 64-byte aligned, zeroed native memory owned by a weight matrix; freed by the finalizer. Weight
/// streams are aligned so no vector load splits a cache line.
/// </summary>
internal sealed unsafe class NativeBuffer
{
    public NativeBuffer(long bytes)
    {
        Length = bytes;
        Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 64), 64);
        NativeMemory.Clear(Pointer, (nuint)Math.Max(bytes, 64));
        GC.AddMemoryPressure(Math.Max(bytes, 64));
    }

    ~NativeBuffer()
    {
        NativeMemory.AlignedFree(Pointer);
        GC.RemoveMemoryPressure(Math.Max(Length, 64));
    }

    public byte* Pointer { get; }

    public long Length { get; }
}
