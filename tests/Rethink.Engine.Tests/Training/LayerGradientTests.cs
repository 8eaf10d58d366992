using Rethink.Engine.Tests.Kernels;
using Rethink.Engine.Training;

namespace Rethink.Engine.Tests.Training;

/// <summary>Per-layer gradient checks for the training-only layers (the kernels have theirs in Kernels/).</summary>
public class LayerGradientTests
{
    [Theory]
    [InlineData(1, 5, 2, 2, 4)]
    [InlineData(2, 7, 4, 2, 6)]
    [InlineData(1, 3, 3, 1, 16)]
    [InlineData(1, 67, 2, 1, 4)] // two query tiles, the second short
    public void Attention_backward_matches_central_differences(int batch, int seq, int heads, int kvHeads, int headDim)
    {
        int n = batch * seq, d = heads * headDim, kv = kvHeads * headDim;
        var q = KernelTestData.Random(n * d, 1, 1.5f);
        var k = KernelTestData.Random(n * kv, 2, 1.5f);
        var v = KernelTestData.Random(n * kv, 3);
        var dOut = KernelTestData.Random(n * d, 4);
        var att = new float[batch * heads * seq * seq];
        var o = new float[n * d];
        CausalAttention.Forward(q, k, v, att, o, batch, seq, heads, kvHeads, headDim);
        var dq = new float[n * d];
        var dk = new float[n * kv];
        var dv = new float[n * kv];
        CausalAttention.Backward(q, k, v, att, dOut, dq, dk, dv, batch, seq, heads, kvHeads, headDim);

        // L = sum(dOut * o) in double over the float forward; h = 1e-2 keeps float noise (~1e-6 / 2e-2) under tolerance.
        double Loss()
        {
            var a = new float[att.Length];
            var y = new float[o.Length];
            CausalAttention.Forward(q, k, v, a, y, batch, seq, heads, kvHeads, headDim);
            double l = 0;
            for (var i = 0; i < y.Length; i++)
            {
                l += (double)dOut[i] * y[i];
            }

            return l;
        }

        GradCheck.AssertMatches(q, dq, Loss, 1e-2f, 5e-3, "dq");
        GradCheck.AssertMatches(k, dk, Loss, 1e-2f, 5e-3, "dk");
        GradCheck.AssertMatches(v, dv, Loss, 1e-2f, 5e-3, "dv");
    }

    [Theory]
    [InlineData(2, 9, 4, 2, 8)]
    [InlineData(1, 33, 8, 4, 32)]
    [InlineData(3, 1, 2, 1, 4)]
    [InlineData(1, 1, 6, 3, 8)]      // T = 1
    [InlineData(2, 7, 6, 2, 4)]      // odd T, group of 3
    [InlineData(1, 64, 2, 1, 8)]     // exactly one query tile
    [InlineData(1, 65, 6, 3, 8)]     // one tile plus one row
    [InlineData(1, 129, 4, 4, 4)]    // no sharing (MHA), three tiles
    [InlineData(2, 130, 6, 3, 16)]   // the lab head shape (group 2), T not a multiple of the tile
    public void Gemm_attention_matches_the_loop_reference(int batch, int seq, int heads, int kvHeads, int headDim)
    {
        int n = batch * seq, d = heads * headDim, kv = kvHeads * headDim;
        var q = KernelTestData.Random(n * d, 11, 2f);
        var k = KernelTestData.Random(n * kv, 12, 2f);
        var v = KernelTestData.Random(n * kv, 13);
        var dOut = KernelTestData.Random(n * d, 14);
        var att = new float[batch * heads * seq * seq];
        var attRef = new float[att.Length];
        var o = new float[n * d];
        var oRef = new float[n * d];
        CausalAttention.Forward(q, k, v, att, o, batch, seq, heads, kvHeads, headDim);
        CausalAttentionReference.Forward(q, k, v, attRef, oRef, batch, seq, heads, kvHeads, headDim);
        KernelTestData.AssertClose(oRef, o, 1e-5f, 1e-4f);
        KernelTestData.AssertClose(attRef, att, 1e-6f, 1e-4f);

        var (dq, dk, dv) = (new float[n * d], new float[n * kv], new float[n * kv]);
        var (dqRef, dkRef, dvRef) = (new float[n * d], new float[n * kv], new float[n * kv]);
        CausalAttention.Backward(q, k, v, att, dOut, dq, dk, dv, batch, seq, heads, kvHeads, headDim);
        CausalAttentionReference.Backward(q, k, v, attRef, dOut, dqRef, dkRef, dvRef, batch, seq, heads, kvHeads, headDim);
        KernelTestData.AssertClose(dqRef, dq, 1e-5f, 1e-3f);
        KernelTestData.AssertClose(dkRef, dk, 1e-5f, 1e-3f);
        KernelTestData.AssertClose(dvRef, dv, 1e-5f, 1e-3f);
    }

    [Fact]
    public void Blocked_attention_is_bit_identical_for_any_thread_count_and_leaves_the_upper_triangle_alone()
    {
        const int batch = 2, seq = 150, heads = 6, kvHeads = 3, headDim = 16;
        int n = batch * seq, d = heads * headDim, kv = kvHeads * headDim;
        var q = KernelTestData.Random(n * d, 21, 2f);
        var k = KernelTestData.Random(n * kv, 22, 2f);
        var v = KernelTestData.Random(n * kv, 23);
        var dOut = KernelTestData.Random(n * d, 24);
        (float[] Att, float[] O, float[] Dq, float[] Dk, float[] Dv) Run(int threads)
        {
            var saved = Rethink.Engine.Kernels.EngineThreading.MaxThreads;
            try
            {
                Rethink.Engine.Kernels.EngineThreading.MaxThreads = threads;
                var att = new float[batch * heads * seq * seq];
                Array.Fill(att, float.NaN); // above the diagonal must stay untouched and never be read
                var o = new float[n * d];
                CausalAttention.Forward(q, k, v, att, o, batch, seq, heads, kvHeads, headDim);
                var (dq, dk, dv) = (new float[n * d], new float[n * kv], new float[n * kv]);
                CausalAttention.Backward(q, k, v, att, dOut, dq, dk, dv, batch, seq, heads, kvHeads, headDim);
                return (att, o, dq, dk, dv);
            }
            finally
            {
                Rethink.Engine.Kernels.EngineThreading.MaxThreads = saved;
            }
        }

        var one = Run(1);
        var four = Run(4);
        Assert.Equal(one.Att, four.Att);
        Assert.Equal(one.O, four.O);
        Assert.Equal(one.Dq, four.Dq);
        Assert.Equal(one.Dk, four.Dk);
        Assert.Equal(one.Dv, four.Dv);
        Assert.All(one.Dq.Concat(one.Dk).Concat(one.Dv), x => Assert.True(float.IsFinite(x)));
        for (var row = 0; row < batch * heads * seq; row++)
        {
            var t = row % seq;
            Assert.All(one.Att.AsSpan((row * seq) + t + 1, seq - t - 1).ToArray(), x => Assert.True(float.IsNaN(x)));
        }
    }

    [Fact]
    public void Attention_is_causal()
    {
        const int seq = 6;
        var q = KernelTestData.Random(seq * 8, 5);
        var k = KernelTestData.Random(seq * 8, 6);
        var v = KernelTestData.Random(seq * 8, 7);
        var o1 = new float[seq * 8];
        CausalAttention.Forward(q, k, v, new float[seq * seq * 2], o1, 1, seq, 2, 2, 4);
        // Changing the last position's key and value must not change any earlier output.
        for (var i = (seq - 1) * 8; i < seq * 8; i++)
        {
            k[i] += 1f;
            v[i] -= 1f;
        }

        var o2 = new float[seq * 8];
        CausalAttention.Forward(q, k, v, new float[seq * seq * 2], o2, 1, seq, 2, 2, 4);
        Assert.Equal(o1.AsSpan(0, (seq - 1) * 8).ToArray(), o2.AsSpan(0, (seq - 1) * 8).ToArray());
        Assert.NotEqual(o1.AsSpan((seq - 1) * 8).ToArray(), o2.AsSpan((seq - 1) * 8).ToArray());
    }

    [Fact]
    public void Cross_entropy_with_mask_matches_central_differences_and_hand_value()
    {
        const int rows = 5;
        const int vocab = 7;
        var logits = KernelTestData.Random(rows * vocab, 8, 3f);
        var targets = new[] { 1, 6, 0, 3, 3 };
        var mask = new[] { true, false, true, true, false };
        double Loss()
        {
            // Hand formula: mean over masked rows of logsumexp - logit[target], in double.
            double sum = 0;
            for (var r = 0; r < rows; r++)
            {
                if (!mask[r])
                {
                    continue;
                }

                var row = logits.AsSpan(r * vocab, vocab).ToArray();
                var max = row.Max();
                sum += max + Math.Log(row.Sum(x => Math.Exp(x - max))) - row[targets[r]];
            }

            return sum / 3;
        }

        var probs = (float[])logits.Clone();
        var loss = CrossEntropy.Forward(probs, targets, mask, new float[rows], rows, vocab);
        Assert.True(Math.Abs(loss - Loss()) < 1e-5, $"{loss} vs {Loss()}");
        CrossEntropy.Backward(probs, targets, mask, rows, vocab);
        GradCheck.AssertMatches(logits, probs, Loss, 1e-2f, 2e-3, "dlogits");
        // Unmasked rows get exactly zero gradient.
        Assert.All(probs.AsSpan(1 * vocab, vocab).ToArray(), g => Assert.Equal(0f, g));
        Assert.All(probs.AsSpan(4 * vocab, vocab).ToArray(), g => Assert.Equal(0f, g));
    }
}
