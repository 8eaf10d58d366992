using Rethink.Engine.Kernels;

namespace Rethink.Engine.Training;

/// <summary>
/// Multi-head causal self-attention with grouped-query key/value sharing, over a batch of B sequences of length T:
/// for query head h (key/value head g = h / (heads / kvHeads)) and position t,
/// P[t, s] = softmax_s&lt;=t(q_t . k_s / sqrt(headDim)),  o_t = sum_s P[t, s] v_s.
/// Rows are laid out [B*T, heads*headDim] (queries, output) and [B*T, kvHeads*headDim] (keys, values), i.e. the
/// outputs of the projections. The scalar-loop ground truth is <see cref="CausalAttentionReference"/>.
/// </summary>
/// <remarks>
/// For each (sequence, key/value head) the group's queries are gathered into one [group*T, headDim] matrix so the
/// score, output and gradient products are single <see cref="Gemm"/> calls (the causal upper triangle is computed
/// and zeroed, which costs 2x the flops but runs at GEMM speed instead of one short dot product per pair). GEMM calls
/// are issued one after another from the calling thread (the GEMM parallelises itself); softmax rows are split over
/// threads with disjoint outputs. Results therefore do not depend on the thread count.
/// </remarks>
public static class CausalAttention
{
    /// <summary>Computes attention probabilities (upper triangle set to 0) and outputs.</summary>
    /// <param name="q">Queries after RoPE [B*T, heads*headDim].</param>
    /// <param name="k">Keys after RoPE [B*T, kvHeads*headDim].</param>
    /// <param name="v">Values [B*T, kvHeads*headDim].</param>
    /// <param name="att">Attention probabilities, written [B, heads, T, T]; entries s &gt; t are 0.</param>
    /// <param name="output">Per-head outputs, concatenated, written [B*T, heads*headDim].</param>
    /// <param name="batch">B.</param>
    /// <param name="seq">T.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">Key/value heads; divides <paramref name="heads"/>.</param>
    /// <param name="headDim">Width of one head.</param>
    public static void Forward(float[] q, float[] k, float[] v, float[] att, float[] output, int batch, int seq, int heads, int kvHeads, int headDim)
    {
        CausalAttentionReference.Check(q, k, v, att, output, batch, seq, heads, kvHeads, headDim);
        var group = heads / kvHeads;
        var gt = group * seq;
        var scale = 1f / MathF.Sqrt(headDim);
        var qg = new float[gt * headDim];  // [group*T, headDim] the group's queries, head-major
        var kb = new float[seq * headDim]; // [T, headDim]
        var vb = new float[seq * headDim]; // [T, headDim]
        var og = new float[gt * headDim];  // [group*T, headDim]
        for (var b = 0; b < batch; b++)
        {
            for (var g = 0; g < kvHeads; g++)
            {
                Gather(q, qg, b, seq, heads, headDim, g * group, group);
                Gather(k, kb, b, seq, kvHeads, headDim, g, 1);
                Gather(v, vb, b, seq, kvHeads, headDim, g, 1);

                // The group's heads are consecutive, so their [T, T] probability blocks form one [group*T, T] matrix.
                var offset = ((b * heads) + (g * group)) * seq * seq;
                var scores = att.AsSpan(offset, gt * seq);
                Gemm.MatMulNT(qg, kb, scores, gt, seq, headDim);
                RowParallel.For(gt, 16, (start, end) =>
                {
                    for (var r = start; r < end; r++)
                    {
                        var t = r % seq;
                        var row = att.AsSpan(offset + (r * seq), seq);
                        var live = row[..(t + 1)];
                        System.Numerics.Tensors.TensorPrimitives.Multiply(live, scale, live);
                        Softmax.Forward(live);
                        row[(t + 1)..].Clear();
                    }
                });
                Gemm.MatMulNN(scores, vb, og, gt, headDim, seq);
                Scatter(og, output, b, seq, heads, headDim, g * group, group, accumulate: false);
            }
        }
    }

    /// <summary>
    /// Accumulates dq, dk, dv from dOutput: dv_s += sum_t P[t,s] do_t; dP[t,s] = do_t . v_s;
    /// dS = P * (dP - sum_s P dP); dq_t += dS[t,s] k_s / sqrt(d); dk_s += dS[t,s] q_t / sqrt(d).
    /// Needs the probabilities written by <see cref="Forward"/> (zero above the diagonal).
    /// </summary>
    /// <param name="q">Forward queries [B*T, heads*headDim].</param>
    /// <param name="k">Forward keys [B*T, kvHeads*headDim].</param>
    /// <param name="v">Forward values [B*T, kvHeads*headDim].</param>
    /// <param name="att">Forward probabilities [B, heads, T, T].</param>
    /// <param name="dOutput">Gradient of the output [B*T, heads*headDim].</param>
    /// <param name="dq">Accumulated [B*T, heads*headDim].</param>
    /// <param name="dk">Accumulated [B*T, kvHeads*headDim].</param>
    /// <param name="dv">Accumulated [B*T, kvHeads*headDim].</param>
    /// <param name="batch">B.</param>
    /// <param name="seq">T.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">Key/value heads.</param>
    /// <param name="headDim">Width of one head.</param>
    public static void Backward(
        float[] q, float[] k, float[] v, float[] att, float[] dOutput, float[] dq, float[] dk, float[] dv, int batch, int seq, int heads, int kvHeads, int headDim)
    {
        CausalAttentionReference.Check(q, k, v, att, dOutput, batch, seq, heads, kvHeads, headDim);
        CausalAttentionReference.Check(dq, dk, dv, att, dOutput, batch, seq, heads, kvHeads, headDim);
        var group = heads / kvHeads;
        var gt = group * seq;
        var scale = 1f / MathF.Sqrt(headDim);
        var qg = new float[gt * headDim];  // [group*T, headDim]
        var kb = new float[seq * headDim]; // [T, headDim]
        var vb = new float[seq * headDim]; // [T, headDim]
        var dog = new float[gt * headDim]; // [group*T, headDim] output gradient, then query gradient
        var dkv = new float[seq * headDim]; // [T, headDim] key or value gradient of this kv head
        var ds = new float[gt * seq];      // [group*T, T] dP, then dS
        for (var b = 0; b < batch; b++)
        {
            for (var g = 0; g < kvHeads; g++)
            {
                Gather(q, qg, b, seq, heads, headDim, g * group, group);
                Gather(k, kb, b, seq, kvHeads, headDim, g, 1);
                Gather(v, vb, b, seq, kvHeads, headDim, g, 1);
                Gather(dOutput, dog, b, seq, heads, headDim, g * group, group);
                var offset = ((b * heads) + (g * group)) * seq * seq;
                var p = att.AsSpan(offset, gt * seq);

                Gemm.MatMulTN(p, dog, dkv, seq, headDim, gt);              // dV = P^T dO
                Scatter(dkv, dv, b, seq, kvHeads, headDim, g, 1, accumulate: true);
                Gemm.MatMulNT(dog, vb, ds, gt, seq, headDim);              // dP = dO V^T
                RowParallel.For(gt, 16, (start, end) =>
                {
                    for (var r = start; r < end; r++)
                    {
                        // dS = P * (dP - <P, dP>) * scale; P is 0 above the diagonal, so dS is too.
                        var pr = att.AsSpan(offset + (r * seq), seq);
                        var dr = ds.AsSpan(r * seq, seq);
                        var dot = System.Numerics.Tensors.TensorPrimitives.Dot(pr, dr);
                        System.Numerics.Tensors.TensorPrimitives.Subtract(dr, dot, dr);
                        System.Numerics.Tensors.TensorPrimitives.Multiply(dr, pr, dr);
                        System.Numerics.Tensors.TensorPrimitives.Multiply(dr, scale, dr);
                    }
                });
                Gemm.MatMulNN(ds, kb, dog, gt, headDim, seq);              // dQ = dS K
                Scatter(dog, dq, b, seq, heads, headDim, g * group, group, accumulate: true);
                Gemm.MatMulTN(ds, qg, dkv, seq, headDim, gt);              // dK = dS^T Q
                Scatter(dkv, dk, b, seq, kvHeads, headDim, g, 1, accumulate: true);
            }
        }
    }

    /// <summary>Copies heads [first, first+count) of sequence b from rows [B*T, heads*headDim] into [count*T, headDim].</summary>
    private static void Gather(float[] src, float[] dst, int b, int seq, int heads, int headDim, int first, int count)
    {
        var width = heads * headDim;
        for (var h = 0; h < count; h++)
        {
            for (var t = 0; t < seq; t++)
            {
                src.AsSpan((((b * seq) + t) * width) + ((first + h) * headDim), headDim).CopyTo(dst.AsSpan(((h * seq) + t) * headDim, headDim));
            }
        }
    }

    /// <summary>The inverse of <see cref="Gather"/>, optionally adding.</summary>
    private static void Scatter(float[] src, float[] dst, int b, int seq, int heads, int headDim, int first, int count, bool accumulate)
    {
        var width = heads * headDim;
        for (var h = 0; h < count; h++)
        {
            for (var t = 0; t < seq; t++)
            {
                var from = src.AsSpan(((h * seq) + t) * headDim, headDim);
                var to = dst.AsSpan((((b * seq) + t) * width) + ((first + h) * headDim), headDim);
                if (accumulate)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(to, from, to);
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }
    }
}
