using System.Numerics.Tensors;

namespace Rethink.Engine.Inference;

/// <summary>
/// Chooses tokens from logits per <see cref="SamplingOptions"/> and reports log-probabilities. Owns its RNG, so one
/// sampler serves one sequence; not thread-safe.
/// </summary>
public sealed class Sampler
{
    [ThreadStatic]
    private static float[]? scratch;

    private readonly SamplingOptions options;
    private readonly DeterministicRandom rng;

    /// <summary>Creates a sampler whose RNG is seeded with <see cref="SamplingOptions.Seed"/> mixed with <paramref name="stream"/> (the sequence index in a batch).</summary>
    public Sampler(SamplingOptions options, ulong stream = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        rng = new DeterministicRandom(options.Seed ^ (stream * 0xD1B54A32D192ED03UL));
    }

    /// <summary>Picks the next token from <paramref name="logits"/> [vocab] and describes it.</summary>
    public GeneratedToken Next(ReadOnlySpan<float> logits)
    {
        var id = options.Temperature <= 0 || options.TopK == 1 ? ArgMax(logits) : Draw(Candidates(logits, options), rng.NextDouble());
        var logZ = LogSumExp(logits);
        var alternatives = System.Array.Empty<TokenLogProb>();
        if (options.TopLogProbs > 0)
        {
            var top = TopIndices(logits, options.TopLogProbs);
            alternatives = new TokenLogProb[top.Length];
            for (var i = 0; i < top.Length; i++)
            {
                alternatives[i] = new TokenLogProb(top[i], (float)(logits[top[i]] - logZ));
            }
        }

        return new GeneratedToken(id, (float)(logits[id] - logZ), alternatives, options.StopTokens.Contains(id));
    }

    /// <summary>
    /// The candidate set a draw is made from (most likely first) with renormalised probabilities:
    /// p_i = exp((l_i - max) / T) over the top-k, cut to the smallest prefix whose sum reaches top-p.
    /// Greedy options (T = 0) give the single arg-max token.
    /// </summary>
    public static IReadOnlyList<TokenProbability> Candidates(ReadOnlySpan<float> logits, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (logits.IsEmpty)
        {
            throw new ArgumentException("No logits.", nameof(logits));
        }

        if (options.Temperature <= 0 || options.TopK == 1)
        {
            return [new TokenProbability(ArgMax(logits), 1.0)];
        }

        int[] ids;
        if (options.TopK > 0 && options.TopK < logits.Length)
        {
            ids = TopIndices(logits, options.TopK);
        }
        else if (options.TopP < 1)
        {
            ids = SortedIndices(logits);
        }
        else
        {
            // Plain temperature sampling: order does not matter for the draw; keep id order (no sort per token).
            ids = Enumerable.Range(0, logits.Length).ToArray();
        }

        var max = double.NegativeInfinity;
        foreach (var i in ids)
        {
            max = Math.Max(max, logits[i]);
        }

        var p = new double[ids.Length];
        var sum = 0.0;
        for (var i = 0; i < ids.Length; i++)
        {
            p[i] = Math.Exp((logits[ids[i]] - max) / options.Temperature);
            sum += p[i];
        }

        var keep = ids.Length;
        if (options.TopP < 1)
        {
            var cum = 0.0;
            for (var i = 0; i < ids.Length; i++)
            {
                cum += p[i] / sum;
                if (cum >= options.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }
        }

        var kept = 0.0;
        for (var i = 0; i < keep; i++)
        {
            kept += p[i];
        }

        var result = new TokenProbability[keep];
        for (var i = 0; i < keep; i++)
        {
            result[i] = new TokenProbability(ids[i], p[i] / kept);
        }

        return result;
    }

    private static int Draw(IReadOnlyList<TokenProbability> candidates, double u)
    {
        var cum = 0.0;
        foreach (var c in candidates)
        {
            cum += c.Probability;
            if (u < cum)
            {
                return c.Id;
            }
        }

        return candidates[^1].Id; // u within rounding of 1
    }

    private static int ArgMax(ReadOnlySpan<float> x)
    {
        var best = 0;
        for (var i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }

    // ln sum exp(x): max-shifted, exp and sum vectorised (once per generated token over the whole vocabulary).
    private static double LogSumExp(ReadOnlySpan<float> x)
    {
        if (scratch is null || scratch.Length < x.Length)
        {
            scratch = new float[x.Length];
        }

        var max = TensorPrimitives.Max(x);
        var e = scratch.AsSpan(0, x.Length); // [vocab]
        TensorPrimitives.Subtract(x, max, e);
        TensorPrimitives.Exp(e, e);
        return max + Math.Log(TensorPrimitives.Sum(e));
    }

    // The k largest logits, largest first, ties to the lower id; a bounded insertion keeps it O(V k) for small k.
    private static int[] TopIndices(ReadOnlySpan<float> x, int k)
    {
        k = Math.Min(k, x.Length);
        if (k > 64)
        {
            return SortedIndices(x)[..k];
        }

        var top = new int[k];
        var n = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (n == k && x[i] <= x[top[k - 1]])
            {
                continue;
            }

            var pos = n < k ? n++ : k - 1;
            while (pos > 0 && x[top[pos - 1]] < x[i])
            {
                top[pos] = top[pos - 1];
                pos--;
            }

            top[pos] = i;
        }

        return top;
    }

    private static int[] SortedIndices(ReadOnlySpan<float> x)
    {
        var ids = Enumerable.Range(0, x.Length).ToArray();
        var keys = x.ToArray();
        Array.Sort(ids, (a, b) => keys[b].CompareTo(keys[a]) is var c && c != 0 ? c : a.CompareTo(b));
        return ids;
    }
}
