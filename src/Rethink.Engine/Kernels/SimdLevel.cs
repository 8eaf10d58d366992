namespace Rethink.Engine.Kernels;

/// <summary>Which vector width a kernel uses; tests pin each level to compare it with the scalar reference.</summary>
internal enum SimdLevel
{
    /// <summary>Plain scalar loops (the portable tail of every kernel).</summary>
    Scalar,

    /// <summary>256-bit vectors (AVX2 / NEON pairs).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512,
}
