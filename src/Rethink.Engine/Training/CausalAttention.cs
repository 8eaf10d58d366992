using System.Numerics.Tensors;
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
/// Blocked by query tiles: for each (sequence, key/value head) the group's queries at positions [t0, t1) (a tile of
/// <see cref="QueryTile"/> positions, heads stacked) only see keys [0, t1), so the score, output and gradient products
/// are <see cref="Gemm"/> calls on [group*tile, t1] blocks and the work above the diagonal block is never done
/// (about (T + tile) / 2T of the square). Only the diagonal block's upper triangle is computed and zeroed. Key and
/// value gradients are summed over the query tiles in ascending order. Threads split the (sequence, key/value head)
/// pairs, whose outputs are disjoint; everything inside one pair runs in a fixed order (its GEMMs may use the engine
/// pool when it is free, and GEMM results do not depend on that). One coarse split per call instead of a fork/join
/// per tile matters on a shared machine, where a preempted helper stalls every fine-grained join. Results therefore
/// do not depend on the thread count.
/// </remarks>
public static class CausalAttention
{
    /// <summary>Query positions per tile: small enough to skip most of the upper triangle, large enough for GEMM speed.</summary>
    public const int QueryTile = 64;

    /// <summary>Computes attention probabilities and outputs. Positions s &gt; t of <paramref name="att"/> are left untouched.</summary>
    /// <param name="q">Queries after RoPE [B*T, heads*headDim].</param>
    /// <param name="k">Keys after RoPE [B*T, kvHeads*headDim].</param>
    /// <param name="v">Values [B*T, kvHeads*headDim].</param>
    /// <param name="att">Attention probabilities, written [B, heads, T, T] (lower triangle, diagonal included).</param>
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
        var tile = Math.Min(QueryTile, seq);
        var scale = 1f / MathF.Sqrt(headDim);
        // One task per (sequence, kv head); each writes only its own rows of att and output.
        RowParallel.For(batch * kvHeads, 1, (start, end) =>
        {
            var qt = new float[group * tile * headDim]; // [group*tile, headDim] the tile's queries, head-major
            var ot = new float[group * tile * headDim]; // [group*tile, headDim] the tile's outputs
            var kb = new float[seq * headDim];          // [T, headDim] keys of this kv head
            var vb = new float[seq * headDim];          // [T, headDim] values of this kv head
            var pt = new float[group * tile * seq];     // [group*tile, t1] scores, then probabilities (row stride t1)
            for (var task = start; task < end; task++)
            {
                int b = task / kvHeads, g = task % kvHeads;
                Gather(k, kb, b, seq, kvHeads, headDim, g, 1, 0, seq);
                Gather(v, vb, b, seq, kvHeads, headDim, g, 1, 0, seq);
                for (var t0 = 0; t0 < seq; t0 += tile)
                {
                    var rows = Math.Min(tile, seq - t0);
                    var t1 = t0 + rows;
                    var m = group * rows;
                    Gather(q, qt, b, seq, heads, headDim, g * group, group, t0, rows);
                    var p = pt.AsSpan(0, m * t1);
                    Gemm.MatMulNT(qt.AsSpan(0, m * headDim), kb.AsSpan(0, t1 * headDim), p, m, t1, headDim);
                    for (var r = 0; r < m; r++)
                    {
                        // Row r is head g*group + r / rows at position t; keys past t are masked (0 for P V).
                        var h = (g * group) + (r / rows);
                        var t = t0 + (r % rows);
                        var row = p.Slice(r * t1, t1);
                        var live = row[..(t + 1)];
                        TensorPrimitives.Multiply(live, scale, live);
                        Softmax.Forward(live);
                        row[(t + 1)..].Clear();
                        live.CopyTo(att.AsSpan(((((b * heads) + h) * seq) + t) * seq, t + 1));
                    }

                    Gemm.MatMulNN(p, vb.AsSpan(0, t1 * headDim), ot.AsSpan(0, m * headDim), m, headDim, t1);
                    Scatter(ot, output, b, seq, heads, headDim, g * group, group, t0, rows, accumulate: false);
                }
            }
        });
    }

    /// <summary>
    /// Accumulates dq, dk, dv from dOutput: dv_s += sum_t P[t,s] do_t; dP[t,s] = do_t . v_s;
    /// dS = P * (dP - sum_s P dP); dq_t += dS[t,s] k_s / sqrt(d); dk_s += dS[t,s] q_t / sqrt(d).
    /// Reads only the lower triangle (diagonal included) of the probabilities written by <see cref="Forward"/>.
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
        var tile = Math.Min(QueryTile, seq);
        var scale = 1f / MathF.Sqrt(headDim);
        // One task per (sequence, kv head): the only writer of its dk/dv rows and of its heads' dq rows.
        RowParallel.For(batch * kvHeads, 1, (start, end) =>
        {
            var qt = new float[group * tile * headDim];  // [group*tile, headDim] the tile's queries
            var dot = new float[group * tile * headDim]; // [group*tile, headDim] the tile's output gradient
            var dqt = new float[group * tile * headDim]; // [group*tile, headDim] the tile's query gradient
            var kb = new float[seq * headDim];           // [T, headDim]
            var vb = new float[seq * headDim];           // [T, headDim]
            var dkb = new float[seq * headDim];          // [T, headDim] key gradient of this kv head, summed over tiles
            var dvb = new float[seq * headDim];          // [T, headDim] value gradient of this kv head, summed over tiles
            var pt = new float[group * tile * seq];      // [group*tile, t1] probabilities (0 past the diagonal)
            var ds = new float[group * tile * seq];      // [group*tile, t1] dP, then dS
            for (var task = start; task < end; task++)
            {
                int b = task / kvHeads, g = task % kvHeads;
                Gather(k, kb, b, seq, kvHeads, headDim, g, 1, 0, seq);
                Gather(v, vb, b, seq, kvHeads, headDim, g, 1, 0, seq);
                Array.Clear(dkb);
                Array.Clear(dvb);
                for (var t0 = 0; t0 < seq; t0 += tile)
                {
                    var rows = Math.Min(tile, seq - t0);
                    var t1 = t0 + rows;
                    var m = group * rows;
                    Gather(q, qt, b, seq, heads, headDim, g * group, group, t0, rows);
                    Gather(dOutput, dot, b, seq, heads, headDim, g * group, group, t0, rows);
                    var p = pt.AsSpan(0, m * t1);
                    var d = ds.AsSpan(0, m * t1);
                    for (var r = 0; r < m; r++)
                    {
                        var h = (g * group) + (r / rows);
                        var t = t0 + (r % rows);
                        var row = p.Slice(r * t1, t1);
                        att.AsSpan(((((b * heads) + h) * seq) + t) * seq, t + 1).CopyTo(row);
                        row[(t + 1)..].Clear();
                    }

                    Gemm.MatMulTN(p, dot.AsSpan(0, m * headDim), dvb.AsSpan(0, t1 * headDim), t1, headDim, m, accumulate: true); // dV += P^T dO
                    Gemm.MatMulNT(dot.AsSpan(0, m * headDim), vb.AsSpan(0, t1 * headDim), d, m, t1, headDim);                  // dP = dO V^T
                    for (var r = 0; r < m; r++)
                    {
                        // dS = P * (dP - <P, dP>) * scale over the live keys; zero past the diagonal.
                        var live = t0 + (r % rows) + 1;
                        var pr = p.Slice(r * t1, live);
                        var dr = d.Slice(r * t1, t1);
                        var dl = dr[..live];
                        var pdp = TensorPrimitives.Dot(pr, dl);
                        TensorPrimitives.Subtract(dl, pdp, dl);
                        TensorPrimitives.Multiply(dl, pr, dl);
                        TensorPrimitives.Multiply(dl, scale, dl);
                        dr[live..].Clear();
                    }

                    Gemm.MatMulNN(d, kb.AsSpan(0, t1 * headDim), dqt.AsSpan(0, m * headDim), m, headDim, t1);                 // dQ = dS K
                    Scatter(dqt, dq, b, seq, heads, headDim, g * group, group, t0, rows, accumulate: true);
                    Gemm.MatMulTN(d, qt.AsSpan(0, m * headDim), dkb.AsSpan(0, t1 * headDim), t1, headDim, m, accumulate: true); // dK += dS^T Q
                }

                Scatter(dkb, dk, b, seq, kvHeads, headDim, g, 1, 0, seq, accumulate: true);
                Scatter(dvb, dv, b, seq, kvHeads, headDim, g, 1, 0, seq, accumulate: true);
            }
        });
    }

    /// <summary>
    /// Copies heads [first, first+count) at positions [t0, t0+rows) of sequence b from rows [B*T, heads*headDim] into
    /// [count*rows, headDim] (head-major).
    /// </summary>
    private static void Gather(float[] src, float[] dst, int b, int seq, int heads, int headDim, int first, int count, int t0, int rows)
    {
        var width = heads * headDim;
        for (var h = 0; h < count; h++)
        {
            for (var i = 0; i < rows; i++)
            {
                src.AsSpan((((b * seq) + t0 + i) * width) + ((first + h) * headDim), headDim).CopyTo(dst.AsSpan(((h * rows) + i) * headDim, headDim));
            }
        }
    }

    /// <summary>The inverse of <see cref="Gather"/>, optionally adding.</summary>
    private static void Scatter(float[] src, float[] dst, int b, int seq, int heads, int headDim, int first, int count, int t0, int rows, bool accumulate)
    {
        var width = heads * headDim;
        for (var h = 0; h < count; h++)
        {
            for (var i = 0; i < rows; i++)
            {
                var from = src.AsSpan(((h * rows) + i) * headDim, headDim);
                var to = dst.AsSpan((((b * seq) + t0 + i) * width) + ((first + h) * headDim), headDim);
                if (accumulate)
                {
                    TensorPrimitives.Add(to, from, to);
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }
    }
}
