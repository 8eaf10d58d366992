using Rethink.Engine.Model;
using Rethink.Engine.Tokenization;

namespace Rethink.Engine.Gguf;

/// <summary>
/// Mapping between our Llama model and GGUF's <c>llama</c> architecture: the <c>llama.*</c> metadata keys and the
/// tensor names of <see cref="ParameterLayout"/> (token_embd.weight, blk.N.attn_q.weight, ..., output_norm.weight,
/// output.weight when untied). Matrices [rows, cols] are written with ne = [cols, rows]. RoPE is adjacent-pair
/// (llama.cpp's NORM type), which the <c>llama</c> architecture uses, so no weight permutation is needed.
/// </summary>
public static class LlamaGguf
{
    /// <summary>Largest llama.context_length accepted (1M positions).</summary>
    public const int MaxContextLength = 1 << 20;

    /// <summary>Reads the model shape from <c>general.architecture = llama</c> metadata.</summary>
    /// <exception cref="GgufFormatException">A key is missing, has the wrong type, or the shape is inconsistent.</exception>
    public static ModelConfig ReadConfig(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.Require("general.architecture");
        if (arch.Type != GgufValueType.String || arch.AsString() != "llama")
        {
            throw new GgufFormatException($"GGUF general.architecture is '{arch}'; expected 'llama'.");
        }

        int Int(string key)
        {
            try
            {
                var v = file.Require(key).AsUInt64();
                return v is > 0 and <= int.MaxValue ? (int)v : throw new GgufFormatException($"GGUF {key} = {v} is out of range.");
            }
            catch (InvalidOperationException e)
            {
                throw new GgufFormatException($"GGUF {key} is not an integer: {e.Message}", e);
            }
        }

        float Float(string key, float fallback)
        {
            try
            {
                return file.Get(key) is { } v ? (float)v.AsDouble() : fallback;
            }
            catch (InvalidOperationException e)
            {
                throw new GgufFormatException($"GGUF {key} is not a number: {e.Message}", e);
            }
        }

        var embd = file.RequireTensor("token_embd.weight");
        var vocab = file.Get("llama.vocab_size") is not null ? Int("llama.vocab_size") : (int)embd.Rows;
        var heads = Int("llama.attention.head_count");
        var config = new ModelConfig(
            VocabSize: vocab,
            Dim: Int("llama.embedding_length"),
            Layers: Int("llama.block_count"),
            Heads: heads,
            KvHeads: file.Get("llama.attention.head_count_kv") is not null ? Int("llama.attention.head_count_kv") : heads,
            HiddenDim: Int("llama.feed_forward_length"),
            ContextLength: Int("llama.context_length"),
            RopeTheta: Float("llama.rope.freq_base", 10000f),
            NormEps: Float("llama.attention.layer_norm_rms_epsilon", 1e-5f),
            TiedEmbeddings: !file.TensorsByName.ContainsKey("output.weight"));
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new GgufFormatException($"GGUF llama metadata describes an invalid model: {e.Message}", e);
        }

        // Rotary tables are allocated for the whole context: refuse absurd values rather than allocate them.
        if (config.ContextLength > MaxContextLength)
        {
            throw new GgufFormatException($"GGUF llama.context_length = {config.ContextLength} exceeds the supported {MaxContextLength}.");
        }

        if (file.Get("llama.rope.dimension_count") is { } rd && rd.AsUInt64() != (ulong)config.HeadDim)
        {
            throw new GgufFormatException($"GGUF llama.rope.dimension_count = {rd}; this engine rotates the whole head ({config.HeadDim}).");
        }

        return config;
    }

    /// <summary>
    /// Reads every parameter of a llama GGUF into trainable F32 weights (the inverse of <see cref="Write"/>; Q8_0 and
    /// F16 tensors are dequantized). Used to continue training from a shipped model.
    /// </summary>
    /// <exception cref="GgufFormatException">The metadata is invalid, a tensor is missing, or a tensor's shape differs from the layout.</exception>
    public static LlamaWeights ReadWeights(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var weights = new LlamaWeights(new ParameterLayout(ReadConfig(file)));
        foreach (var t in weights.Layout.Tensors)
        {
            var info = file.RequireTensor(t.Name);
            if (info.ElementCount != (long)t.Rows * t.Cols)
            {
                throw new GgufFormatException($"GGUF tensor '{t.Name}' has {info.ElementCount} elements; the model needs {(long)t.Rows * t.Cols}.");
            }

            file.ReadTensorAsSingle(info).CopyTo(weights[t]);
        }

        return weights;
    }

    /// <summary>
    /// Writes <paramref name="weights"/> and <paramref name="tokenizer"/> as a llama GGUF that llama.cpp loads.
    /// Matrices are stored as <paramref name="type"/>; norm vectors always F32.
    /// </summary>
    public static void Write(string path, LlamaWeights weights, ByteTokenizer tokenizer, GgmlType type = GgmlType.F32, string name = "rethink-lab")
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var c = weights.Config;
        if (tokenizer.VocabSize != c.VocabSize)
        {
            throw new ArgumentException($"Tokenizer has {tokenizer.VocabSize} tokens; the model {c.VocabSize}.", nameof(tokenizer));
        }

        var w = new GgufWriter();
        w.Add("general.architecture", GgufValue.String("llama"));
        w.Add("general.name", GgufValue.String(name));
        w.Add("general.file_type", GgufValue.UInt32(type switch { GgmlType.F32 => 0u, GgmlType.F16 => 1u, _ => 7u }));
        w.Add("llama.vocab_size", GgufValue.UInt32((uint)c.VocabSize));
        w.Add("llama.context_length", GgufValue.UInt32((uint)c.ContextLength));
        w.Add("llama.embedding_length", GgufValue.UInt32((uint)c.Dim));
        w.Add("llama.block_count", GgufValue.UInt32((uint)c.Layers));
        w.Add("llama.feed_forward_length", GgufValue.UInt32((uint)c.HiddenDim));
        w.Add("llama.attention.head_count", GgufValue.UInt32((uint)c.Heads));
        w.Add("llama.attention.head_count_kv", GgufValue.UInt32((uint)c.KvHeads));
        w.Add("llama.rope.freq_base", GgufValue.Float32(c.RopeTheta));
        w.Add("llama.rope.dimension_count", GgufValue.UInt32((uint)c.HeadDim));
        w.Add("llama.attention.layer_norm_rms_epsilon", GgufValue.Float32(c.NormEps));
        tokenizer.WriteGguf(w);
        foreach (var t in weights.Layout.Tensors)
        {
            var tensorType = t.Rows == 1 ? GgmlType.F32 : type;
            long[] dims = t.Rows == 1 ? [t.Cols] : [t.Cols, t.Rows];
            w.AddTensor(t.Name, dims, tensorType, (ReadOnlySpan<float>)weights[t]);
        }

        w.WriteFile(path);
    }
}
