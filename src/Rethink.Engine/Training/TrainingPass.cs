using System.Numerics.Tensors;
using Rethink.Engine.Kernels;
using Rethink.Engine.Model;

namespace Rethink.Engine.Training;

/// <summary>
/// The training forward and backward of a Llama model over one mini-batch [B, T], llm.c style: the forward keeps every
/// activation the backward needs; the backward ACCUMULATES dL/dparameters into a flat buffer laid out like the weights
/// (<see cref="ParameterLayout"/>), so with tied embeddings the embedding gradient collects from both ends.
/// Every projection goes through <see cref="Gemm"/> (y = x W^T: MatMulNT; dX = dY W: MatMulNN; dW += dY^T X: MatMulTN).
/// </summary>
/// <remarks>
/// Buffers are sized for <c>maxBatch * maxSeq</c> rows and reused; a batch may be smaller. Results are bit-for-bit
/// reproducible: parallel loops only split work with disjoint outputs, and every reduction across rows (norm gains,
/// embedding rows, the loss) runs in a fixed order. Not thread-safe: one pass per trainer.
/// </remarks>
public sealed class TrainingPass
{
    // Rows per chunk for the norm-gain reductions; fixed so the summation order never depends on the thread count.
    private const int GainChunkRows = 64;

    private readonly ModelConfig config;
    private readonly ParameterLayout layout;
    private readonly RopeTable rope;
    private readonly int maxRows;

    // Forward activations; N = B*T rows.
    private readonly float[][] residual;   // [L+1][N, dim]   input of layer l; [L] feeds the final norm
    private readonly float[][] attnNorm;   // [L][N, dim]
    private readonly float[][] attnRstd;   // [L][N]
    private readonly float[][] q;          // [L][N, dim]      after RoPE
    private readonly float[][] k;          // [L][N, kvDim]    after RoPE
    private readonly float[][] v;          // [L][N, kvDim]
    private readonly float[][] att;        // [L][B, heads, T, T] probabilities (lower triangle)
    private readonly float[][] attnOut;    // [L][N, dim]      heads concatenated, before Wo
    private readonly float[][] mid;        // [L][N, dim]      residual after attention
    private readonly float[][] ffnNorm;    // [L][N, dim]
    private readonly float[][] ffnRstd;    // [L][N]
    private readonly float[][] gate;       // [L][N, hidden]
    private readonly float[][] up;         // [L][N, hidden]
    private readonly float[][] swi;        // [L][N, hidden]   silu(gate) * up
    private readonly float[] finalNorm;    // [N, dim]
    private readonly float[] finalRstd;    // [N]
    private readonly float[] logits;       // [N, vocab]       logits, then probabilities, then dlogits
    private readonly float[] losses;       // [N]

    // Backward scratch.
    private readonly float[] dResidual;    // [N, dim]
    private readonly float[] dNorm;        // [N, dim]
    private readonly float[] dAttnOut;     // [N, dim]
    private readonly float[] dq;           // [N, dim]
    private readonly float[] dk;           // [N, kvDim]
    private readonly float[] dv;           // [N, kvDim]
    private readonly float[] dSwi;         // [N, hidden]
    private readonly float[] dGate;        // [N, hidden]
    private readonly float[] dUp;          // [N, hidden]
    private readonly float[] gainPartials; // [chunks, dim]

    private TrainingBatch? batch;
    private LlamaWeights? forwardWeights;
    private bool probabilitiesReady;

    /// <summary>Allocates activation buffers for up to <paramref name="maxBatch"/> sequences of <paramref name="maxSeq"/> tokens.</summary>
    /// <param name="config">Model shape.</param>
    /// <param name="maxBatch">Largest B.</param>
    /// <param name="maxSeq">Largest T; at most the context length.</param>
    public TrainingPass(ModelConfig config, int maxBatch, int maxSeq)
    {
        ArgumentNullException.ThrowIfNull(config);
        layout = new ParameterLayout(config);
        this.config = config;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeq);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSeq, config.ContextLength);
        MaxBatch = maxBatch;
        MaxSeq = maxSeq;
        maxRows = maxBatch * maxSeq;
        rope = new RopeTable(config.HeadDim, config.ContextLength, config.RopeTheta);
        int n = maxRows, d = config.Dim, kv = config.KvDim, hid = config.HiddenDim, l = config.Layers;
        float[][] Many(int count, long len) => Enumerable.Range(0, count).Select(_ => new float[checked((int)len)]).ToArray();
        residual = Many(l + 1, (long)n * d);
        attnNorm = Many(l, (long)n * d);
        attnRstd = Many(l, n);
        q = Many(l, (long)n * d);
        k = Many(l, (long)n * kv);
        v = Many(l, (long)n * kv);
        att = Many(l, (long)maxBatch * config.Heads * maxSeq * maxSeq);
        attnOut = Many(l, (long)n * d);
        mid = Many(l, (long)n * d);
        ffnNorm = Many(l, (long)n * d);
        ffnRstd = Many(l, n);
        gate = Many(l, (long)n * hid);
        up = Many(l, (long)n * hid);
        swi = Many(l, (long)n * hid);
        finalNorm = new float[n * d];
        finalRstd = new float[n];
        logits = new float[checked(n * config.VocabSize)];
        losses = new float[n];
        dResidual = new float[n * d];
        dNorm = new float[n * d];
        dAttnOut = new float[n * d];
        dq = new float[n * d];
        dk = new float[n * kv];
        dv = new float[n * kv];
        dSwi = new float[n * hid];
        dGate = new float[n * hid];
        dUp = new float[n * hid];
        gainPartials = new float[((n + GainChunkRows - 1) / GainChunkRows) * d];
    }

    /// <summary>Largest batch size the buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>Largest sequence length the buffers hold.</summary>
    public int MaxSeq { get; }

    /// <summary>
    /// Logits of the last <see cref="ForwardLogits"/> call [B*T, vocab]. After <see cref="Forward"/> trained rows hold
    /// probabilities instead, and after <see cref="Backward"/> gradients.
    /// </summary>
    public ReadOnlySpan<float> Logits => logits.AsSpan(0, RowsInUse * config.VocabSize);

    /// <summary>Per-row losses of the last <see cref="Forward"/> (0 for untrained rows) [B*T].</summary>
    public ReadOnlySpan<float> RowLosses => losses.AsSpan(0, RowsInUse);

    private int RowsInUse => batch is null ? 0 : batch.BatchSize * batch.SequenceLength;

    /// <summary>
    /// Forward through the model up to the logits, keeping activations. Targets and mask of <paramref name="batch"/>
    /// are not read. The batch is referenced (not copied) until the next call.
    /// </summary>
    /// <param name="weights">Parameters; read only.</param>
    /// <param name="batch">Input tokens [B, T].</param>
    public void ForwardLogits(LlamaWeights weights, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(batch);
        if (weights.Config != config)
        {
            throw new ArgumentException("Weights were built for a different ModelConfig than this TrainingPass.", nameof(weights));
        }

        if (batch.BatchSize > MaxBatch || batch.SequenceLength > MaxSeq)
        {
            throw new ArgumentException($"Batch [{batch.BatchSize}, {batch.SequenceLength}] exceeds the pass's capacity [{MaxBatch}, {MaxSeq}].", nameof(batch));
        }

        this.batch = batch;
        forwardWeights = weights;
        probabilitiesReady = false;
        int bsz = batch.BatchSize, seq = batch.SequenceLength, n = bsz * seq;
        int d = config.Dim, kv = config.KvDim, hid = config.HiddenDim, hd = config.HeadDim;
        var w = weights.Data;

        // Token embedding: x[r] = E[token_r].
        var emb = layout.TokenEmbedding;
        for (var r = 0; r < n; r++)
        {
            var tok = batch.Tokens[r];
            if ((uint)tok >= (uint)config.VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(batch), tok, $"Token at row {r} is outside the vocabulary [0, {config.VocabSize}).");
            }

            w.AsSpan(emb.Offset + (tok * d), d).CopyTo(residual[0].AsSpan(r * d, d));
        }

        for (var l = 0; l < config.Layers; l++)
        {
            var ls = layout.Layers[l];
            var x = residual[l];

            // Attention block: h = x + Wo attn(rope(Wq n), rope(Wk n), Wv n), n = rmsnorm(x).
            NormRows(x, ls.AttnNorm, attnNorm[l], attnRstd[l], n);
            Gemm.MatMulNT(attnNorm[l].AsSpan(0, n * d), ls.Wq.Of(w), q[l].AsSpan(0, n * d), n, d, d);
            Gemm.MatMulNT(attnNorm[l].AsSpan(0, n * d), ls.Wk.Of(w), k[l].AsSpan(0, n * kv), n, kv, d);
            Gemm.MatMulNT(attnNorm[l].AsSpan(0, n * d), ls.Wv.Of(w), v[l].AsSpan(0, n * kv), n, kv, d);
            RopeRows(q[l], k[l], seq, n, inverse: false);
            CausalAttention.Forward(q[l], k[l], v[l], att[l], attnOut[l], bsz, seq, config.Heads, config.KvHeads, hd);
            x.AsSpan(0, n * d).CopyTo(mid[l]);
            Gemm.MatMulNT(attnOut[l].AsSpan(0, n * d), ls.Wo.Of(w), mid[l].AsSpan(0, n * d), n, d, d, accumulate: true);

            // Feed-forward block: x' = h + W2 (silu(W1 m) * W3 m), m = rmsnorm(h).
            NormRows(mid[l], ls.FfnNorm, ffnNorm[l], ffnRstd[l], n);
            Gemm.MatMulNT(ffnNorm[l].AsSpan(0, n * d), ls.WGate.Of(w), gate[l].AsSpan(0, n * hid), n, hid, d);
            Gemm.MatMulNT(ffnNorm[l].AsSpan(0, n * d), ls.WUp.Of(w), up[l].AsSpan(0, n * hid), n, hid, d);
            var (g, u, s) = (gate[l], up[l], swi[l]);
            RowParallel.For(n, 16, (a, b) => Activations.SwiGlu(g.AsSpan(a * hid, (b - a) * hid), u.AsSpan(a * hid, (b - a) * hid), s.AsSpan(a * hid, (b - a) * hid)));
            mid[l].AsSpan(0, n * d).CopyTo(residual[l + 1]);
            Gemm.MatMulNT(swi[l].AsSpan(0, n * hid), ls.WDown.Of(w), residual[l + 1].AsSpan(0, n * d), n, d, hid, accumulate: true);
        }

        NormRows(residual[config.Layers], layout.FinalNorm, finalNorm, finalRstd, n);
        Gemm.MatMulNT(finalNorm.AsSpan(0, n * d), layout.Output.Of(w), logits.AsSpan(0, n * config.VocabSize), n, config.VocabSize, d);
    }

    /// <summary>
    /// Full training forward: logits, then the masked mean cross-entropy over the batch's trained rows (0 when none).
    /// </summary>
    /// <param name="weights">Parameters; read only.</param>
    /// <param name="batch">Tokens, targets and loss mask [B, T].</param>
    /// <returns>Mean loss over rows with <see cref="TrainingBatch.LossMask"/> true.</returns>
    public float Forward(LlamaWeights weights, TrainingBatch batch)
    {
        ForwardLogits(weights, batch);
        probabilitiesReady = true;
        return CrossEntropy.Forward(logits, batch.Targets, batch.LossMask, losses, RowsInUse, config.VocabSize);
    }

    /// <summary>
    /// Back-propagates the loss of the last <see cref="Forward"/> and ADDS dL/dparameters into
    /// <paramref name="gradients"/> (same layout as the weights; zero it first for a fresh step). Consumes the stored
    /// probabilities, so call it once per forward.
    /// </summary>
    /// <param name="gradients">Gradient accumulator [ParameterLayout.TotalLength].</param>
    public void Backward(float[] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (batch is null || forwardWeights is null || !probabilitiesReady)
        {
            throw new InvalidOperationException("Backward needs a preceding Forward (with targets), once per Forward.");
        }

        if (gradients.Length != layout.TotalLength)
        {
            throw new ArgumentException($"Gradient buffer has {gradients.Length} floats; the layout needs {layout.TotalLength}.", nameof(gradients));
        }

        int bsz = batch.BatchSize, seq = batch.SequenceLength, n = bsz * seq;
        int d = config.Dim, kv = config.KvDim, hid = config.HiddenDim, vocab = config.VocabSize;
        var w = forwardWeights.Data;
        var dw = gradients;

        // Output head: dlogits = (p - y)/|M|; dFinal = dlogits Wout; dWout += dlogits^T final.
        CrossEntropy.Backward(logits, batch.Targets, batch.LossMask, n, vocab);
        Gemm.MatMulNN(logits.AsSpan(0, n * vocab), layout.Output.Of(w), dNorm.AsSpan(0, n * d), n, d, vocab);
        Gemm.MatMulTN(logits.AsSpan(0, n * vocab), finalNorm.AsSpan(0, n * d), layout.Output.Of(dw), vocab, d, n, accumulate: true);
        dResidual.AsSpan(0, n * d).Clear();
        NormRowsBackward(dNorm, residual[config.Layers], layout.FinalNorm, finalRstd, dResidual, dw, n);

        for (var l = config.Layers - 1; l >= 0; l--)
        {
            var ls = layout.Layers[l];

            // Feed-forward block; dResidual holds dL/d(layer output) and becomes dL/d(mid).
            Gemm.MatMulNN(dResidual.AsSpan(0, n * d), ls.WDown.Of(w), dSwi.AsSpan(0, n * hid), n, hid, d);
            Gemm.MatMulTN(dResidual.AsSpan(0, n * d), swi[l].AsSpan(0, n * hid), ls.WDown.Of(dw), d, hid, n, accumulate: true);
            dGate.AsSpan(0, n * hid).Clear();
            dUp.AsSpan(0, n * hid).Clear();
            var (g, u) = (gate[l], up[l]);
            RowParallel.For(n, 16, (a, b) =>
            {
                var len = (b - a) * hid;
                Activations.SwiGluBackward(g.AsSpan(a * hid, len), u.AsSpan(a * hid, len), dSwi.AsSpan(a * hid, len), dGate.AsSpan(a * hid, len), dUp.AsSpan(a * hid, len));
            });
            Gemm.MatMulNN(dGate.AsSpan(0, n * hid), ls.WGate.Of(w), dNorm.AsSpan(0, n * d), n, d, hid);
            Gemm.MatMulNN(dUp.AsSpan(0, n * hid), ls.WUp.Of(w), dNorm.AsSpan(0, n * d), n, d, hid, accumulate: true);
            Gemm.MatMulTN(dGate.AsSpan(0, n * hid), ffnNorm[l].AsSpan(0, n * d), ls.WGate.Of(dw), hid, d, n, accumulate: true);
            Gemm.MatMulTN(dUp.AsSpan(0, n * hid), ffnNorm[l].AsSpan(0, n * d), ls.WUp.Of(dw), hid, d, n, accumulate: true);
            NormRowsBackward(dNorm, mid[l], ls.FfnNorm, ffnRstd[l], dResidual, dw, n);

            // Attention block; dResidual becomes dL/d(layer input).
            Gemm.MatMulNN(dResidual.AsSpan(0, n * d), ls.Wo.Of(w), dAttnOut.AsSpan(0, n * d), n, d, d);
            Gemm.MatMulTN(dResidual.AsSpan(0, n * d), attnOut[l].AsSpan(0, n * d), ls.Wo.Of(dw), d, d, n, accumulate: true);
            dq.AsSpan(0, n * d).Clear();
            dk.AsSpan(0, n * kv).Clear();
            dv.AsSpan(0, n * kv).Clear();
            CausalAttention.Backward(q[l], k[l], v[l], att[l], dAttnOut, dq, dk, dv, bsz, seq, config.Heads, config.KvHeads, config.HeadDim);
            RopeRows(dq, dk, seq, n, inverse: true);
            Gemm.MatMulNN(dq.AsSpan(0, n * d), ls.Wq.Of(w), dNorm.AsSpan(0, n * d), n, d, d);
            Gemm.MatMulNN(dk.AsSpan(0, n * kv), ls.Wk.Of(w), dNorm.AsSpan(0, n * d), n, d, kv, accumulate: true);
            Gemm.MatMulNN(dv.AsSpan(0, n * kv), ls.Wv.Of(w), dNorm.AsSpan(0, n * d), n, d, kv, accumulate: true);
            Gemm.MatMulTN(dq.AsSpan(0, n * d), attnNorm[l].AsSpan(0, n * d), ls.Wq.Of(dw), d, d, n, accumulate: true);
            Gemm.MatMulTN(dk.AsSpan(0, n * kv), attnNorm[l].AsSpan(0, n * d), ls.Wk.Of(dw), kv, d, n, accumulate: true);
            Gemm.MatMulTN(dv.AsSpan(0, n * kv), attnNorm[l].AsSpan(0, n * d), ls.Wv.Of(dw), kv, d, n, accumulate: true);
            NormRowsBackward(dNorm, residual[l], ls.AttnNorm, attnRstd[l], dResidual, dw, n);
        }

        // Embedding: dE[token_r] += dx_r, in row order (rows sharing a token add up deterministically).
        var emb = layout.TokenEmbedding;
        for (var r = 0; r < n; r++)
        {
            var row = dw.AsSpan(emb.Offset + (batch.Tokens[r] * d), d);
            TensorPrimitives.Add(row, dResidual.AsSpan(r * d, d), row);
        }

        // The probabilities were overwritten by gradients; a second Backward would be wrong.
        probabilitiesReady = false;
    }

    private void NormRows(float[] x, TensorSlice gain, float[] y, float[] rstd, int n)
    {
        var d = config.Dim;
        var eps = config.NormEps;
        var w = forwardWeights!.Data;
        RowParallel.For(n, 32, (a, b) =>
        {
            var g = gain.Of(w);
            for (var r = a; r < b; r++)
            {
                rstd[r] = RmsNorm.Forward(x.AsSpan(r * d, d), g, y.AsSpan(r * d, d), eps);
            }
        });
    }

    /// <summary>dx += rmsnorm'(dy); the gain gradient is summed per fixed chunk of rows, then chunks in order.</summary>
    private void NormRowsBackward(float[] dy, float[] x, TensorSlice gain, float[] rstd, float[] dx, float[] dw, int n)
    {
        var d = config.Dim;
        var w = forwardWeights!.Data;
        var chunks = (n + GainChunkRows - 1) / GainChunkRows;
        gainPartials.AsSpan(0, chunks * d).Clear();
        RowParallel.For(chunks, 1, (a, b) =>
        {
            var g = gain.Of(w);
            for (var c = a; c < b; c++)
            {
                var partial = gainPartials.AsSpan(c * d, d);
                for (var r = c * GainChunkRows; r < Math.Min(n, (c + 1) * GainChunkRows); r++)
                {
                    RmsNorm.Backward(dy.AsSpan(r * d, d), x.AsSpan(r * d, d), g, rstd[r], dx.AsSpan(r * d, d), partial);
                }
            }
        });

        var dg = gain.Of(dw);
        for (var c = 0; c < chunks; c++)
        {
            TensorPrimitives.Add(dg, gainPartials.AsSpan(c * d, d), dg);
        }
    }

    private void RopeRows(float[] qs, float[] ks, int seq, int n, bool inverse)
    {
        int d = config.Dim, kv = config.KvDim, hd = config.HeadDim;
        RowParallel.For(n, 32, (a, b) =>
        {
            for (var r = a; r < b; r++)
            {
                var pos = r % seq;
                if (inverse)
                {
                    Rope.Backward(qs.AsSpan(r * d, d), config.Heads, hd, pos, rope);
                    Rope.Backward(ks.AsSpan(r * kv, kv), config.KvHeads, hd, pos, rope);
                }
                else
                {
                    Rope.Forward(qs.AsSpan(r * d, d), config.Heads, hd, pos, rope);
                    Rope.Forward(ks.AsSpan(r * kv, kv), config.KvHeads, hd, pos, rope);
                }
            }
        });
    }
}
