namespace Rethink.Engine.Model;

/// <summary>
/// The trainable parameters of a Llama model as one flat float buffer described by a <see cref="ParameterLayout"/>.
/// Holds no run state and no KV cache. Not thread-safe for writes; concurrent reads (inference) are safe.
/// </summary>
public sealed class LlamaWeights
{
    /// <summary>Allocates zeroed weights for <paramref name="layout"/>.</summary>
    public LlamaWeights(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        Data = new float[layout.TotalLength];
    }

    /// <summary>The layout (and through it the config).</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The model configuration.</summary>
    public ModelConfig Config => Layout.Config;

    /// <summary>All parameters, in layout order. [TotalLength]</summary>
    public float[] Data { get; }

    /// <summary>The elements of one tensor.</summary>
    public Span<float> this[TensorSlice slice] => slice.Of(Data);

    /// <summary>
    /// Initialises weights deterministically from <paramref name="seed"/>: norms to 1, linear and embedding weights
    /// from N(0, 0.02), output-side projections (Wo, WDown) scaled by 1/sqrt(2 * layers) as in GPT-2.
    /// </summary>
    public void InitializeRandom(int seed)
    {
        var rng = new Random(seed);
        var residualScale = 1f / MathF.Sqrt(2f * Config.Layers);
        foreach (var t in Layout.Tensors)
        {
            var span = this[t];
            if (t.Rows == 1)
            {
                span.Fill(1f);
                continue;
            }

            var std = 0.02f * (t.Name.EndsWith("attn_output.weight", StringComparison.Ordinal) || t.Name.EndsWith("ffn_down.weight", StringComparison.Ordinal) ? residualScale : 1f);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = std * Gaussian(rng);
            }
        }
    }

    private static float Gaussian(Random rng)
    {
        // Box-Muller; 1 - NextDouble() keeps the log argument in (0, 1].
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
