namespace Rethink.Engine.Gguf;

/// <summary>Tensor element types of GGUF (ggml's <c>ggml_type</c> numbering); only those this engine reads or writes.</summary>
public enum GgmlType
{
    /// <summary>IEEE single, 4 bytes per value.</summary>
    F32 = 0,

    /// <summary>IEEE half, 2 bytes per value.</summary>
    F16 = 1,

    /// <summary>Blocks of 32 int8 with one half scale (34 bytes per 32 values).</summary>
    Q8_0 = 8,
}
