using Rethink.Engine.Model;

namespace Rethink.Engine.Training;

/// <summary>
/// Plain full-sequence forward without a KV cache: logits for every position of one token sequence. The reference the
/// incremental (KV-cache) inference path is tested against, and a simple greedy sampler for smoke tests.
/// Allocates a <see cref="TrainingPass"/> per call; not for hot loops.
/// </summary>
public static class FullSequenceForward
{
    /// <summary>Returns logits [T, vocab] for <paramref name="tokens"/> [T], T in [1, ContextLength].</summary>
    /// <param name="weights">Model parameters; read only.</param>
    /// <param name="tokens">Token ids [T].</param>
    public static float[] Logits(LlamaWeights weights, ReadOnlySpan<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (tokens.Length == 0 || tokens.Length > weights.Config.ContextLength)
        {
            throw new ArgumentException($"Sequence length {tokens.Length} must be in [1, {weights.Config.ContextLength}].", nameof(tokens));
        }

        var pass = new TrainingPass(weights.Config, 1, tokens.Length);
        var batch = new TrainingBatch(1, tokens.Length);
        tokens.CopyTo(batch.Tokens);
        pass.ForwardLogits(weights, batch);
        return pass.Logits.ToArray();
    }

    /// <summary>
    /// Greedy decoding: appends the arg-max token <paramref name="count"/> times (or until the context is full),
    /// recomputing the whole prefix each step. Returns only the new tokens.
    /// </summary>
    /// <param name="weights">Model parameters.</param>
    /// <param name="prompt">Prompt token ids, at least one.</param>
    /// <param name="count">Number of tokens to generate.</param>
    /// <param name="stopToken">Generation stops after emitting this id, when non-negative.</param>
    public static int[] GreedyGenerate(LlamaWeights weights, ReadOnlySpan<int> prompt, int count, int stopToken = -1)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var seq = new List<int>(prompt.ToArray());
        var vocab = weights.Config.VocabSize;
        var generated = new List<int>();
        while (generated.Count < count && seq.Count < weights.Config.ContextLength)
        {
            var logits = Logits(weights, seq.ToArray().AsSpan());
            var last = logits.AsSpan((seq.Count - 1) * vocab, vocab);
            var best = 0;
            for (var i = 1; i < vocab; i++)
            {
                if (last[i] > last[best])
                {
                    best = i;
                }
            }

            seq.Add(best);
            generated.Add(best);
            if (best == stopToken)
            {
                break;
            }
        }

        return generated.ToArray();
    }
}
