using Rethink.Engine.Gguf;
using Rethink.Engine.Kernels;
using Rethink.Engine.Model;

namespace Rethink.Engine.Inference;

/// <summary>
/// The read-only weights of a Llama model prepared for inference (F32 or Q8_0 matrices, fused projections), built
/// from training weights or read from a GGUF file. Holds no run state: any number of
/// <see cref="InferenceSession"/>s on any threads may share one instance.
/// </summary>
public sealed class InferenceWeights
{
    private InferenceWeights(ModelConfig config, WeightMatrix embedding, IReadOnlyList<InferenceLayer> layers, float[] finalNorm, WeightMatrix output)
    {
        Config = config;
        TokenEmbedding = embedding;
        Layers = layers;
        FinalNorm = finalNorm;
        Output = output;
        Rope = new RopeTable(config.HeadDim, config.ContextLength, config.RopeTheta);
    }

    /// <summary>Model shape.</summary>
    public ModelConfig Config { get; }

    /// <summary>Token embedding [vocab, dim].</summary>
    public WeightMatrix TokenEmbedding { get; }

    /// <summary>Blocks, index = layer.</summary>
    public IReadOnlyList<InferenceLayer> Layers { get; }

    /// <summary>Final RMSNorm weight [dim].</summary>
    public float[] FinalNorm { get; }

    /// <summary>Output projection [vocab, dim]; the same object as <see cref="TokenEmbedding"/> when tied.</summary>
    public WeightMatrix Output { get; }

    /// <summary>Rotary tables for [ContextLength, headDim / 2].</summary>
    public RopeTable Rope { get; }

    /// <summary>Bytes of all matrices and vectors (a tied output counted once).</summary>
    public long ByteSize =>
        TokenEmbedding.ByteSize + (ReferenceEquals(Output, TokenEmbedding) ? 0 : Output.ByteSize) + (FinalNorm.Length * 4L)
        + Layers.Sum(l => l.Qkv.ByteSize + l.Wo.ByteSize + l.GateUp.ByteSize + l.Down.ByteSize + ((l.AttnNorm.Length + l.FfnNorm.Length) * 4L));

    /// <summary>Copies (and for <see cref="GgmlType.Q8_0"/> quantises) training weights. Norm weights stay F32.</summary>
    /// <param name="weights">Source weights; not retained.</param>
    /// <param name="type">F32 or Q8_0 for the matrices (F16 is stored widened to F32).</param>
    public static InferenceWeights FromLlamaWeights(LlamaWeights weights, GgmlType type = GgmlType.F32)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var layout = weights.Layout;
        WeightMatrix Matrix(params TensorSlice[] slices)
        {
            var rows = slices.Sum(s => s.Rows);
            var cols = slices[0].Cols;
            var data = new float[(long)rows * cols];
            var at = 0;
            foreach (var s in slices)
            {
                weights[s].CopyTo(data.AsSpan(at));
                at += s.Length;
            }

            return type == GgmlType.Q8_0 ? Q8Matrix.Quantize(data, rows, cols) : new F32Matrix(data, rows, cols);
        }

        var embedding = Matrix(layout.TokenEmbedding);
        var layers = layout.Layers.Select(l => new InferenceLayer(
            weights[l.AttnNorm].ToArray(),
            Matrix(l.Wq, l.Wk, l.Wv),
            Matrix(l.Wo),
            weights[l.FfnNorm].ToArray(),
            Matrix(l.WGate, l.WUp),
            Matrix(l.WDown))).ToArray();
        var output = weights.Config.TiedEmbeddings ? embedding : Matrix(layout.Output);
        return new InferenceWeights(weights.Config, embedding, layers, weights[layout.FinalNorm].ToArray(), output);
    }

    /// <summary>Reads a <c>llama</c>-architecture GGUF file (F32, F16 or Q8_0 tensors; F16 is widened to F32).</summary>
    /// <exception cref="GgufFormatException">The file is malformed or not a llama model this engine can run.</exception>
    public static InferenceWeights LoadGguf(string path) => FromGguf(GgufFile.Open(path));

    /// <summary>Builds the weights from an opened GGUF file.</summary>
    /// <exception cref="GgufFormatException">The file is not a llama model this engine can run.</exception>
    public static InferenceWeights FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var config = LlamaGguf.ReadConfig(file);
        WeightMatrix Matrix(params string[] names)
        {
            var infos = names.Select(file.RequireTensor).ToArray();
            foreach (var t in infos)
            {
                if (t.Dims.Count != 2 || t.Cols != infos[0].Cols)
                {
                    throw new GgufFormatException($"GGUF tensor '{t.Name}' has shape [{string.Join(", ", t.Dims)}]; expected a matrix with {infos[0].Cols} columns.");
                }
            }

            var rows = checked((int)infos.Sum(t => t.Rows));
            var cols = checked((int)infos[0].Cols);
            if (infos.All(t => t.Type == GgmlType.Q8_0))
            {
                return infos.Length == 1
                    ? Q8Matrix.FromGguf(file.ReadTensorBytes(infos[0]), rows, cols)
                    : Q8Matrix.ConcatRows(infos.Select(t => Q8Matrix.FromGguf(file.ReadTensorBytes(t), (int)t.Rows, cols)).ToArray());
            }

            var data = new float[(long)rows * cols];
            var at = 0L;
            foreach (var t in infos)
            {
                var v = file.ReadTensorAsSingle(t);
                v.CopyTo(data, at);
                at += v.Length;
            }

            return new F32Matrix(data, rows, cols);
        }

        float[] Vector(string name, int length)
        {
            var t = file.RequireTensor(name);
            if (t.ElementCount != length)
            {
                throw new GgufFormatException($"GGUF tensor '{name}' has {t.ElementCount} elements; expected {length}.");
            }

            return file.ReadTensorAsSingle(t);
        }

        void Expect(string name, long rows, long cols)
        {
            var t = file.RequireTensor(name);
            if (t.Rows != rows || t.Cols != cols)
            {
                throw new GgufFormatException($"GGUF tensor '{name}' is [{t.Rows} x {t.Cols}]; expected [{rows} x {cols}] from the metadata.");
            }
        }

        Expect("token_embd.weight", config.VocabSize, config.Dim);
        var embedding = Matrix("token_embd.weight");
        var layers = new InferenceLayer[config.Layers];
        for (var l = 0; l < config.Layers; l++)
        {
            var p = $"blk.{l}.";
            Expect(p + "attn_q.weight", config.Dim, config.Dim);
            Expect(p + "attn_k.weight", config.KvDim, config.Dim);
            Expect(p + "attn_v.weight", config.KvDim, config.Dim);
            Expect(p + "attn_output.weight", config.Dim, config.Dim);
            Expect(p + "ffn_gate.weight", config.HiddenDim, config.Dim);
            Expect(p + "ffn_up.weight", config.HiddenDim, config.Dim);
            Expect(p + "ffn_down.weight", config.Dim, config.HiddenDim);
            layers[l] = new InferenceLayer(
                Vector(p + "attn_norm.weight", config.Dim),
                Matrix(p + "attn_q.weight", p + "attn_k.weight", p + "attn_v.weight"),
                Matrix(p + "attn_output.weight"),
                Vector(p + "ffn_norm.weight", config.Dim),
                Matrix(p + "ffn_gate.weight", p + "ffn_up.weight"),
                Matrix(p + "ffn_down.weight"));
        }

        WeightMatrix output = embedding;
        if (!config.TiedEmbeddings)
        {
            Expect("output.weight", config.VocabSize, config.Dim);
            output = Matrix("output.weight");
        }

        return new InferenceWeights(config, embedding, layers, Vector("output_norm.weight", config.Dim), output);
    }
}
