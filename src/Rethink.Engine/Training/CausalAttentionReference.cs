using System.Numerics.Tensors;
using Rethink.Engine.Kernels;

namespace Rethink.Engine.Training;

/// <summary>
/// Loop-per-(query, key) reference for <see cref="CausalAttention"/>: same contract and formulas, computed one dot
/// product at a time. Kept as the readable ground truth the GEMM-based version is tested against.
/// </summary>
public static class CausalAttentionReference
{
    /// <summary>Computes attention probabilities and outputs. Positions s &gt; t of <paramref name="att"/> are left untouched.</summary>
    /// <param name="q">Queries after RoPE [B*T, heads*headDim].</param>
    /// <param name="k">Keys after RoPE [B*T, kvHeads*headDim].</param>
    /// <param name="v">Values [B*T, kvHeads*headDim].</param>
    /// <param name="att">Attention probabilities, written [B, heads, T, T] (lower triangle).</param>
    /// <param name="output">Per-head outputs, concatenated, written [B*T, heads*headDim].</param>
    /// <param name="batch">B.</param>
    /// <param name="seq">T.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">Key/value heads; divides <paramref name="heads"/>.</param>
    /// <param name="headDim">Width of one head.</param>
    public static void Forward(float[] q, float[] k, float[] v, float[] att, float[] output, int batch, int seq, int heads, int kvHeads, int headDim)
    {
        Check(q, k, v, att, output, batch, seq, heads, kvHeads, headDim);
        var dim = heads * headDim;
        var kvDim = kvHeads * headDim;
        var group = heads / kvHeads;
        var scale = 1f / MathF.Sqrt(headDim);
        RowParallel.For(batch * heads, 1, (start, end) =>
        {
            for (var task = start; task < end; task++)
            {
                var b = task / heads;
                var h = task % heads;
                var kvOff = h / group * headDim;
                for (var t = 0; t < seq; t++)
                {
                    var row = (b * seq) + t;
                    var qt = q.AsSpan((row * dim) + (h * headDim), headDim);
                    var p = att.AsSpan((((b * heads) + h) * seq * seq) + (t * seq), t + 1); // [t+1]
                    for (var s = 0; s <= t; s++)
                    {
                        p[s] = scale * TensorPrimitives.Dot(qt, k.AsSpan((((b * seq) + s) * kvDim) + kvOff, headDim));
                    }

                    Softmax.Forward(p);
                    var ot = output.AsSpan((row * dim) + (h * headDim), headDim);
                    ot.Clear();
                    for (var s = 0; s <= t; s++)
                    {
                        TensorPrimitives.MultiplyAdd(v.AsSpan((((b * seq) + s) * kvDim) + kvOff, headDim), p[s], ot, ot);
                    }
                }
            }
        });
    }

    /// <summary>
    /// Accumulates dq, dk, dv from dOutput: dv_s += sum_t P[t,s] do_t; dP[t,s] = do_t . v_s;
    /// dS = P * (dP - sum_s P dP); dq_t += dS[t,s] k_s / sqrt(d); dk_s += dS[t,s] q_t / sqrt(d).
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
        Check(q, k, v, att, dOutput, batch, seq, heads, kvHeads, headDim);
        Check(dq, dk, dv, att, dOutput, batch, seq, heads, kvHeads, headDim);
        var dim = heads * headDim;
        var kvDim = kvHeads * headDim;
        var group = heads / kvHeads;
        var scale = 1f / MathF.Sqrt(headDim);

        // One task owns one (sequence, kv head): the only writer of its dk/dv rows, heads of the group in fixed order.
        RowParallel.For(batch * kvHeads, 1, (start, end) =>
        {
            var dp = new float[seq]; // [T] gradient of one probability row, then of its scores
            for (var task = start; task < end; task++)
            {
                var b = task / kvHeads;
                var g = task % kvHeads;
                var kvOff = g * headDim;
                for (var h = g * group; h < (g + 1) * group; h++)
                {
                    for (var t = 0; t < seq; t++)
                    {
                        var row = (b * seq) + t;
                        var dot = dOutput.AsSpan((row * dim) + (h * headDim), headDim);
                        var p = att.AsSpan((((b * heads) + h) * seq * seq) + (t * seq), t + 1);
                        var dpt = dp.AsSpan(0, t + 1);
                        for (var s = 0; s <= t; s++)
                        {
                            var vs = v.AsSpan((((b * seq) + s) * kvDim) + kvOff, headDim);
                            dpt[s] = TensorPrimitives.Dot(dot, vs);
                            var dvs = dv.AsSpan((((b * seq) + s) * kvDim) + kvOff, headDim);
                            TensorPrimitives.MultiplyAdd(dot, p[s], dvs, dvs);
                        }

                        // Softmax backward: dS = P * (dP - <P, dP>), folded with the 1/sqrt(d) score scale.
                        var pdp = TensorPrimitives.Dot(p, dpt);
                        TensorPrimitives.Subtract(dpt, pdp, dpt);
                        TensorPrimitives.Multiply(dpt, p, dpt);
                        TensorPrimitives.Multiply(dpt, scale, dpt);

                        var qt = q.AsSpan((row * dim) + (h * headDim), headDim);
                        var dqt = dq.AsSpan((row * dim) + (h * headDim), headDim);
                        for (var s = 0; s <= t; s++)
                        {
                            var off = (((b * seq) + s) * kvDim) + kvOff;
                            TensorPrimitives.MultiplyAdd(k.AsSpan(off, headDim), dpt[s], dqt, dqt);
                            var dks = dk.AsSpan(off, headDim);
                            TensorPrimitives.MultiplyAdd(qt, dpt[s], dks, dks);
                        }
                    }
                }
            }
        });
    }

    internal static void Check(float[] q, float[] k, float[] v, float[] att, float[] o, int batch, int seq, int heads, int kvHeads, int headDim)
    {
        if (batch <= 0 || seq <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || heads % kvHeads != 0)
        {
            throw new ArgumentException($"Bad attention shape B={batch} T={seq} heads={heads} kvHeads={kvHeads} headDim={headDim}.");
        }

        long rows = batch * seq;
        if (q.Length < rows * heads * headDim || o.Length < rows * heads * headDim || k.Length < rows * kvHeads * headDim
            || v.Length < rows * kvHeads * headDim || att.Length < (long)batch * heads * seq * seq)
        {
            throw new ArgumentException("Attention buffers are smaller than the shape requires.");
        }
    }
}
