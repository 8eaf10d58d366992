using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Engine.Tests.Training;

public class TrainingPassTests
{
    private static ModelConfig Small(bool tied) => new(VocabSize: 23, Dim: 16, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 24, ContextLength: 16, TiedEmbeddings: tied);

    internal static TrainingBatch RandomBatch(int vocab, int batch, int seq, int seed, int padFrom = int.MaxValue)
    {
        var rng = new Random(seed);
        var tb = new TrainingBatch(batch, seq);
        for (var r = 0; r < batch * seq; r++)
        {
            tb.Tokens[r] = rng.Next(vocab);
            tb.Targets[r] = rng.Next(vocab);
            // Some masked rows inside, and right padding in the last sequence.
            tb.LossMask[r] = rng.NextDouble() < 0.8 && !(r / seq == batch - 1 && r % seq >= padFrom);
        }

        return tb;
    }

    private static LlamaWeights Weights(ModelConfig c, int seed, float spread)
    {
        var w = new LlamaWeights(new ParameterLayout(c));
        w.InitializeRandom(seed);
        // Larger-than-default weights and non-unit norm gains make every term of the gradient matter.
        var rng = new Random(seed + 1);
        for (var i = 0; i < w.Data.Length; i++)
        {
            w.Data[i] = (w.Data[i] * spread) + (0.05f * (float)((rng.NextDouble() * 2) - 1));
        }

        return w;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Logits_match_double_precision_reference(bool tied)
    {
        var c = Small(tied);
        var w = Weights(c, 3, 10f);
        var tokens = new[] { 1, 5, 22, 0, 7, 7, 3, 19, 11, 2 };
        var logits = FullSequenceForward.Logits(w, tokens);
        var reference = ReferenceLlama.Logits(c, w.Data, tokens);
        for (var t = 0; t < tokens.Length; t++)
        {
            for (var j = 0; j < c.VocabSize; j++)
            {
                Assert.True(Math.Abs(reference[t][j] - logits[(t * c.VocabSize) + j]) < 2e-4 * (1 + Math.Abs(reference[t][j])), $"t={t} j={j}: {reference[t][j]} vs {logits[(t * c.VocabSize) + j]}");
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gradients_of_every_tensor_match_central_differences_of_the_double_reference(bool tied)
    {
        const int batch = 2;
        const int seq = 6;
        var c = Small(tied);
        var w = Weights(c, 4, 5f);
        var tb = RandomBatch(c.VocabSize, batch, seq, 5, padFrom: 4);
        var pass = new TrainingPass(c, batch, seq);
        var loss = pass.Forward(w, tb);
        var refLoss = ReferenceLlama.Loss(c, w.Data, tb.Tokens, tb.Targets, tb.LossMask, batch, seq);
        Assert.True(Math.Abs(loss - refLoss) < 1e-4 * (1 + refLoss), $"loss {loss} vs reference {refLoss}");
        var grads = new float[w.Data.Length];
        pass.Backward(grads);

        var rng = new Random(6);
        foreach (var t in w.Layout.Tensors)
        {
            var g = t.Of(grads).ToArray();
            // The largest components plus a random sample, so both big and ordinary entries are checked.
            var order = Enumerable.Range(0, t.Length).OrderByDescending(i => Math.Abs(g[i])).Take(4)
                .Concat(Enumerable.Range(0, 6).Select(_ => rng.Next(t.Length))).Distinct().Select(i => i + t.Offset).ToArray();
            // Double-precision loss and h = 1e-4: O(h^2) truncation and the float analytic gradient's rounding stay
            // well below the 2e-3 tolerance (relative to the tensor's largest gradient component).
            GradCheck.AssertMatches(w.Data, grads, () => ReferenceLlama.Loss(c, w.Data, tb.Tokens, tb.Targets, tb.LossMask, batch, seq), 1e-4f, 2e-3, t.Name, order, scaleOver: t);
        }
    }

    [Fact]
    public void Masked_targets_change_neither_loss_nor_gradients()
    {
        var c = Small(true);
        var w = Weights(c, 7, 5f);
        var tb = RandomBatch(c.VocabSize, 2, 8, 8, padFrom: 5);
        var pass = new TrainingPass(c, 2, 8);
        var loss1 = pass.Forward(w, tb);
        var g1 = new float[w.Data.Length];
        pass.Backward(g1);

        for (var r = 0; r < tb.Targets.Length; r++)
        {
            if (!tb.LossMask[r])
            {
                tb.Targets[r] = (tb.Targets[r] + 7) % c.VocabSize;
            }
        }

        var loss2 = pass.Forward(w, tb);
        var g2 = new float[w.Data.Length];
        pass.Backward(g2);
        Assert.Equal(loss1, loss2);
        Assert.Equal(g1, g2);

        // Control: changing a trained target does change the loss, so the test can fail.
        var trained = Array.IndexOf(tb.LossMask, true);
        tb.Targets[trained] = (tb.Targets[trained] + 1) % c.VocabSize;
        Assert.NotEqual(loss1, pass.Forward(w, tb));
    }

    [Fact]
    public void Right_padding_does_not_change_the_loss_of_real_tokens()
    {
        var c = Small(true);
        var w = Weights(c, 9, 5f);
        var shortBatch = RandomBatch(c.VocabSize, 1, 5, 10);
        var padded = new TrainingBatch(1, 9);
        shortBatch.Tokens.CopyTo(padded.Tokens, 0);
        shortBatch.Targets.CopyTo(padded.Targets, 0);
        shortBatch.LossMask.CopyTo(padded.LossMask, 0);
        for (var t = 5; t < 9; t++)
        {
            padded.Tokens[t] = 13; // arbitrary pad id, masked out
        }

        var a = new TrainingPass(c, 1, 5).Forward(w, shortBatch);
        var b = new TrainingPass(c, 1, 9).Forward(w, padded);
        Assert.True(Math.Abs(a - b) < 1e-6, $"{a} vs {b}");
    }
}
