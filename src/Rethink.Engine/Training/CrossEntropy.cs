using Rethink.Engine.Kernels;

namespace Rethink.Engine.Training;

/// <summary>
/// Masked next-token cross-entropy: L = (1 / |M|) sum_{r in M} -log softmax(logits_r)[target_r], where M is the set of
/// rows whose mask is true. Rows outside M cost nothing and receive zero gradient.
/// </summary>
public static class CrossEntropy
{
    /// <summary>
    /// Replaces each trained row of <paramref name="logits"/> by its softmax (untrained rows are left as logits) and
    /// returns the mean loss over trained rows (0 when none). The sum runs in row order in double, so the result
    /// does not depend on threading.
    /// </summary>
    /// <param name="logits">Logits in, probabilities out for trained rows [rows, vocab].</param>
    /// <param name="targets">Target ids [rows].</param>
    /// <param name="mask">Which rows count [rows].</param>
    /// <param name="losses">Per-row loss, written (0 for untrained rows) [rows].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="vocab">Vocabulary size.</param>
    public static float Forward(float[] logits, int[] targets, bool[] mask, float[] losses, int rows, int vocab)
    {
        Check(logits, targets, mask, rows, vocab);
        RowParallel.For(rows, 16, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                if (!mask[r])
                {
                    losses[r] = 0;
                    continue;
                }

                var p = logits.AsSpan(r * vocab, vocab);
                Softmax.Forward(p);
                // A probability that underflowed to 0 would give +inf; clamp to the smallest positive float (loss <= 103.3).
                losses[r] = -MathF.Log(MathF.Max(p[targets[r]], float.Epsilon));
            }
        });

        double sum = 0;
        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            if (mask[r])
            {
                sum += losses[r];
                count++;
            }
        }

        return count == 0 ? 0f : (float)(sum / count);
    }

    /// <summary>
    /// Turns the probabilities left by <see cref="Forward"/> into dL/dlogits in place: (p - onehot(target)) / |M| for
    /// trained rows, 0 for the others. Overwrites (does not accumulate): logits are not parameters.
    /// </summary>
    /// <param name="probs">Probabilities in, logit gradients out [rows, vocab].</param>
    /// <param name="targets">Target ids [rows].</param>
    /// <param name="mask">Which rows count [rows].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="vocab">Vocabulary size.</param>
    public static void Backward(float[] probs, int[] targets, bool[] mask, int rows, int vocab)
    {
        Check(probs, targets, mask, rows, vocab);
        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            count += mask[r] ? 1 : 0;
        }

        var inv = count == 0 ? 0f : 1f / count;
        RowParallel.For(rows, 16, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                var d = probs.AsSpan(r * vocab, vocab);
                if (!mask[r])
                {
                    d.Clear();
                    continue;
                }

                d[targets[r]] -= 1f;
                System.Numerics.Tensors.TensorPrimitives.Multiply(d, inv, d);
            }
        });
    }

    private static void Check(float[] logits, int[] targets, bool[] mask, int rows, int vocab)
    {
        if (logits.Length < (long)rows * vocab || targets.Length < rows || mask.Length < rows)
        {
            throw new ArgumentException($"Cross-entropy buffers too small for {rows} rows of {vocab}.");
        }

        for (var r = 0; r < rows; r++)
        {
            if (mask[r] && (uint)targets[r] >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), targets[r], $"Target at row {r} is outside the vocabulary [0, {vocab}).");
            }
        }
    }
}
