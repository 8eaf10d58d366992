using Rethink.Engine.Model;

namespace Rethink.Engine.Tests.Inference;

internal static class TestModels
{
    /// <summary>A tiny GQA model (2 query heads per KV head), weights scaled up so logits are far from uniform.</summary>
    public static LlamaWeights Tiny(int seed = 1, bool tied = true, int vocab = 96)
    {
        var config = new ModelConfig(VocabSize: vocab, Dim: 64, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 96, ContextLength: 64, RopeTheta: 10000f, NormEps: 1e-5f, TiedEmbeddings: tied);
        var w = new LlamaWeights(new ParameterLayout(config));
        w.InitializeRandom(seed);
        var rng = new Random(seed + 100);
        foreach (var t in w.Layout.Tensors)
        {
            var s = w[t];
            for (var i = 0; i < s.Length; i++)
            {
                s[i] = t.Rows == 1 ? 0.5f + (float)rng.NextDouble() : s[i] * 8f;
            }
        }

        return w;
    }
}
