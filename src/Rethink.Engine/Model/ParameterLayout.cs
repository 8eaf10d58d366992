namespace Rethink.Engine.Model;

/// <summary>
/// Where every parameter of a <see cref="ModelConfig"/> lives in one flat float buffer. The same layout is used
/// for weights, gradients and optimizer moments, so AdamW, gradient clipping and checkpoints are loops over one
/// array. Linear weights are stored [out, in] (row-major), the layout of GGUF and of PyTorch's nn.Linear, so a
/// forward projection is y = x W^T (see <see cref="Kernels.Gemm.MatMulNT"/>).
/// </summary>
public sealed class ParameterLayout
{
    /// <summary>Builds the layout; validates <paramref name="config"/>.</summary>
    public ParameterLayout(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var offset = 0;
        var all = new List<TensorSlice>();
        TensorSlice Add(string name, int rows, int cols)
        {
            var s = new TensorSlice(name, offset, rows, cols);
            offset = checked(offset + s.Length);
            all.Add(s);
            return s;
        }

        TokenEmbedding = Add("token_embd.weight", config.VocabSize, config.Dim); // [vocab, dim]
        var layers = new LayerSlices[config.Layers];
        for (var l = 0; l < config.Layers; l++)
        {
            var p = $"blk.{l}.";
            layers[l] = new LayerSlices(
                AttnNorm: Add(p + "attn_norm.weight", 1, config.Dim),                // [dim]
                Wq: Add(p + "attn_q.weight", config.Dim, config.Dim),                 // [heads*headDim, dim]
                Wk: Add(p + "attn_k.weight", config.KvDim, config.Dim),               // [kvDim, dim]
                Wv: Add(p + "attn_v.weight", config.KvDim, config.Dim),               // [kvDim, dim]
                Wo: Add(p + "attn_output.weight", config.Dim, config.Dim),            // [dim, heads*headDim]
                FfnNorm: Add(p + "ffn_norm.weight", 1, config.Dim),                   // [dim]
                WGate: Add(p + "ffn_gate.weight", config.HiddenDim, config.Dim),      // [hidden, dim] (w1)
                WUp: Add(p + "ffn_up.weight", config.HiddenDim, config.Dim),          // [hidden, dim] (w3)
                WDown: Add(p + "ffn_down.weight", config.Dim, config.HiddenDim));     // [dim, hidden] (w2)
        }

        Layers = layers;
        FinalNorm = Add("output_norm.weight", 1, config.Dim);                          // [dim]
        Output = config.TiedEmbeddings ? TokenEmbedding : Add("output.weight", config.VocabSize, config.Dim); // [vocab, dim]
        Tensors = all;
        TotalLength = offset;
    }

    /// <summary>The configuration this layout was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>Token embedding [vocab, dim].</summary>
    public TensorSlice TokenEmbedding { get; }

    /// <summary>Per-layer slices, index = layer.</summary>
    public IReadOnlyList<LayerSlices> Layers { get; }

    /// <summary>Final RMSNorm weight [dim].</summary>
    public TensorSlice FinalNorm { get; }

    /// <summary>Output projection [vocab, dim]; equals <see cref="TokenEmbedding"/> when embeddings are tied.</summary>
    public TensorSlice Output { get; }

    /// <summary>Every distinct tensor in storage order (a tied output is listed once).</summary>
    public IReadOnlyList<TensorSlice> Tensors { get; }

    /// <summary>Total number of floats (= number of trainable parameters).</summary>
    public int TotalLength { get; }
}

/// <summary>The parameter slices of one transformer block.</summary>
/// <param name="AttnNorm">RMSNorm weight before attention [dim].</param>
/// <param name="Wq">Query projection [dim, dim].</param>
/// <param name="Wk">Key projection [kvDim, dim].</param>
/// <param name="Wv">Value projection [kvDim, dim].</param>
/// <param name="Wo">Attention output projection [dim, dim].</param>
/// <param name="FfnNorm">RMSNorm weight before the feed-forward [dim].</param>
/// <param name="WGate">SwiGLU gate projection w1 [hidden, dim].</param>
/// <param name="WUp">SwiGLU up projection w3 [hidden, dim].</param>
/// <param name="WDown">SwiGLU down projection w2 [dim, hidden].</param>
public sealed record LayerSlices(
    TensorSlice AttnNorm,
    TensorSlice Wq,
    TensorSlice Wk,
    TensorSlice Wv,
    TensorSlice Wo,
    TensorSlice FfnNorm,
    TensorSlice WGate,
    TensorSlice WUp,
    TensorSlice WDown);
