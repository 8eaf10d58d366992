using System.Runtime.InteropServices;

namespace Rethink.Engine.Kernels;

/// <summary>
/// A 64-byte aligned native float buffer that only grows; freed by the finalizer, so a thread-static instance is
/// released when its thread dies. Aligned so packed GEMM panels never split a cache line per vector load.
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    private float* data;
    private long capacity;

    ~AlignedBuffer()
    {
        if (data != null)
        {
            NativeMemory.AlignedFree(data);
        }
    }

    /// <summary>Pointer to at least <paramref name="floats"/> floats (contents unspecified).</summary>
    public float* Get(long floats)
    {
        if (floats > capacity)
        {
            if (data != null)
            {
                NativeMemory.AlignedFree(data);
            }

            capacity = Math.Max(floats, capacity * 2);
            data = (float*)NativeMemory.AlignedAlloc((nuint)(capacity * sizeof(float)), 64);
        }

        return data;
    }
}
