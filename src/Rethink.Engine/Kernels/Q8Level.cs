namespace Rethink.Engine.Kernels;

/// <summary>Which instruction set the Q8_0 dot product uses; tests pin each to compare with the scalar reference.</summary>
internal enum Q8Level
{
    /// <summary>Plain scalar loops.</summary>
    Scalar,

    /// <summary>AVX2 (vpmaddubsw + vpmaddwd).</summary>
    Avx2,

    /// <summary>AVX-VNNI (vpdpbusd).</summary>
    AvxVnni,
}
