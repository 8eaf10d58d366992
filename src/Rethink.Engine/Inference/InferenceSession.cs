using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Rethink.Engine.Kernels;
using Rethink.Engine.Model;

namespace Rethink.Engine.Inference;

/// <summary>
/// Run state of Llama inference over shared <see cref="InferenceWeights"/>: a KV cache for up to
/// <see cref="MaxSequences"/> independent sequences plus activation buffers. Prompts are prefilled with batched
/// matmuls over their tokens (in chunks of <see cref="MaxChunk"/>), then tokens are decoded one step at a time, for
/// one sequence (<see cref="Generate"/>) or several at once (<see cref="GenerateBatch"/>, one row per sequence in
/// every matmul). Attention is causal grouped-query attention over each sequence's own cache.
/// </summary>
/// <remarks>
/// Thread safety: a session is NOT thread-safe (it mutates its cache and buffers); use one session per concurrent
/// conversation. The weights are read-only and may be shared by any number of sessions on any threads.
/// </remarks>
public sealed class InferenceSession
{
    private readonly ModelConfig config;
    private readonly float[][] keyCache;   // [layers * MaxSequences][ContextLength, kvDim]
    private readonly float[][] valueCache; // [layers * MaxSequences][ContextLength, kvDim]
    private readonly int[] positions;      // [MaxSequences] tokens cached per sequence
    private readonly float[] x;            // [rows, dim] residual stream
    private readonly float[] xb;           // [rows, dim] normed input of a sub-layer
    private readonly float[] qkv;          // [rows, dim + 2 kvDim] fused projections
    private readonly float[] att;          // [rows, dim] attention output (heads concatenated)
    private readonly float[] proj;         // [rows, dim] output of Wo / down before the residual add
    private readonly float[] gateUp;       // [rows, 2 hidden] fused gate|up projections
    private readonly float[] hidden;       // [rows, hidden] SwiGLU output
    private readonly int rowCapacity;

    /// <summary>Creates a session with an empty cache.</summary>
    /// <param name="weights">Shared weights.</param>
    /// <param name="contextLength">Positions per sequence; 0 = min(model context, 2048).</param>
    /// <param name="maxSequences">Independent sequences (batch size for batched decoding).</param>
    /// <param name="maxChunk">Prompt tokens per prefill matmul (bounds the activation buffers).</param>
    public InferenceSession(InferenceWeights weights, int contextLength = 0, int maxSequences = 1, int maxChunk = 256)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChunk);
        Weights = weights;
        config = weights.Config;
        ContextLength = contextLength == 0 ? Math.Min(config.ContextLength, 2048) : contextLength;
        if (ContextLength <= 0 || ContextLength > config.ContextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(contextLength), $"Must be in 1..{config.ContextLength}.");
        }

        MaxSequences = maxSequences;
        MaxChunk = maxChunk;
        keyCache = new float[config.Layers * maxSequences][];
        valueCache = new float[config.Layers * maxSequences][];
        for (var i = 0; i < keyCache.Length; i++)
        {
            keyCache[i] = new float[(long)ContextLength * config.KvDim];
            valueCache[i] = new float[(long)ContextLength * config.KvDim];
        }

        positions = new int[maxSequences];
        rowCapacity = Math.Max(maxChunk, maxSequences);
        x = new float[rowCapacity * config.Dim];
        xb = new float[rowCapacity * config.Dim];
        qkv = new float[rowCapacity * (config.Dim + (2 * config.KvDim))];
        att = new float[rowCapacity * config.Dim];
        proj = new float[rowCapacity * config.Dim];
        gateUp = new float[rowCapacity * 2 * config.HiddenDim];
        hidden = new float[rowCapacity * config.HiddenDim];
    }

    /// <summary>The shared weights.</summary>
    public InferenceWeights Weights { get; }

    /// <summary>Positions per sequence.</summary>
    public int ContextLength { get; }

    /// <summary>Number of independent sequences this session caches.</summary>
    public int MaxSequences { get; }

    /// <summary>Prompt tokens per prefill step.</summary>
    public int MaxChunk { get; }

    /// <summary>Tokens cached for <paramref name="sequence"/> (its next position).</summary>
    public int Position(int sequence = 0) => positions[sequence];

    /// <summary>Forgets the cache of <paramref name="sequence"/>, or of all sequences when -1.</summary>
    public void Reset(int sequence = -1)
    {
        if (sequence < 0)
        {
            Array.Clear(positions);
        }
        else
        {
            positions[sequence] = 0;
        }
    }

    /// <summary>
    /// Appends <paramref name="tokens"/> to <paramref name="sequence"/>'s cache and returns the logits after every one
    /// of them [tokens.Count, vocab] (what a full forward pass gives; used by tests and scoring).
    /// </summary>
    public float[] ForwardLogits(IReadOnlyList<int> tokens, int sequence = 0)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var logits = new float[(long)tokens.Count * config.VocabSize];
        Append(tokens, sequence, logits, allLogits: true);
        return logits;
    }

    /// <summary>Appends a prompt to <paramref name="sequence"/>'s cache; returns the logits after its last token [vocab].</summary>
    public float[] Prefill(IReadOnlyList<int> tokens, int sequence = 0)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            throw new ArgumentException("Prefill needs at least one token.", nameof(tokens));
        }

        var logits = new float[config.VocabSize];
        Append(tokens, sequence, logits, allLogits: false);
        return logits;
    }

    /// <summary>
    /// One decode step for several sequences at once: token <c>tokens[i]</c> is appended to sequence
    /// <c>sequences[i]</c> (distinct), and the logits after it are row i of the result [count, vocab].
    /// </summary>
    public float[] DecodeBatch(ReadOnlySpan<int> tokens, ReadOnlySpan<int> sequences)
    {
        if (tokens.Length != sequences.Length || tokens.Length == 0 || tokens.Length > rowCapacity)
        {
            throw new ArgumentException($"Need 1..{rowCapacity} tokens, one per sequence.");
        }

        var pos = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            CheckSequence(sequences[i], 1);
            for (var j = 0; j < i; j++)
            {
                if (sequences[j] == sequences[i])
                {
                    throw new ArgumentException("Sequences in one decode step must be distinct.", nameof(sequences));
                }
            }

            pos[i] = positions[sequences[i]];
        }

        var logits = new float[(long)tokens.Length * config.VocabSize];
        Forward(tokens, sequences, pos, logits, logitsFrom: 0);
        foreach (var s in sequences)
        {
            positions[s]++;
        }

        return logits;
    }

    /// <summary>
    /// Streams tokens generated after <paramref name="prompt"/> on <paramref name="sequence"/> (appended to whatever
    /// that sequence already holds). Honours <paramref name="cancellationToken"/> between tokens by throwing
    /// <see cref="OperationCanceledException"/>. Ends after a stop token (yielded, flagged), after
    /// <see cref="SamplingOptions.MaxTokens"/>, or when the context is full.
    /// </summary>
    public IEnumerable<GeneratedToken> Generate(IReadOnlyList<int> prompt, SamplingOptions? options = null, int sequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        options ??= SamplingOptions.Greedy;
        options.Validate();
        CheckSequence(sequence, prompt.Count);
        return Run();

        IEnumerable<GeneratedToken> Run()
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sampler = new Sampler(options);
            var logits = Prefill(prompt, sequence);
            for (var n = 0; n < options.MaxTokens; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var token = sampler.Next(logits);
                yield return token;
                if (token.IsStop || n + 1 == options.MaxTokens || positions[sequence] >= ContextLength)
                {
                    yield break;
                }

                logits = DecodeBatch([token.Id], [sequence]);
            }
        }
    }

    /// <summary>Asynchronous form of <see cref="Generate"/>: each step runs on the thread pool.</summary>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(IReadOnlyList<int> prompt, SamplingOptions? options = null, int sequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var steps = Generate(prompt, options, sequence, cancellationToken).GetEnumerator();
        while (await Task.Run(steps.MoveNext, cancellationToken).ConfigureAwait(false))
        {
            yield return steps.Current;
        }
    }

    /// <summary>
    /// Generates for several independent prompts at once (prompt i on sequence i, whose cache is reset first): each
    /// prompt is prefilled on its own, then all unfinished sequences decode together, one matmul row each. Sequence i
    /// samples with RNG stream i of <see cref="SamplingOptions.Seed"/>. Cancellation is checked between steps.
    /// </summary>
    public IReadOnlyList<GenerationResult> GenerateBatch(IReadOnlyList<IReadOnlyList<int>> prompts, SamplingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        options ??= SamplingOptions.Greedy;
        options.Validate();
        if (prompts.Count > MaxSequences)
        {
            throw new ArgumentException($"At most {MaxSequences} prompts.", nameof(prompts));
        }

        var b = prompts.Count;
        var samplers = new Sampler[b];
        var outputs = new List<GeneratedToken>[b];
        var finish = new FinishReason?[b];
        var next = new int[b];
        for (var i = 0; i < b; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Reset(i);
            CheckSequence(i, prompts[i].Count);
            samplers[i] = new Sampler(options, (ulong)i);
            outputs[i] = [];
            var logits = Prefill(prompts[i], i);
            Take(i, logits);
        }

        while (true)
        {
            var active = Enumerable.Range(0, b).Where(i => finish[i] is null).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var logits = DecodeBatch(active.Select(i => next[i]).ToArray(), active);
            for (var r = 0; r < active.Length; r++)
            {
                Take(active[r], logits.AsSpan(r * config.VocabSize, config.VocabSize));
            }
        }

        return outputs.Select((o, i) => new GenerationResult(o, finish[i]!.Value)).ToArray();

        void Take(int i, ReadOnlySpan<float> logits)
        {
            if (options.MaxTokens == 0)
            {
                finish[i] = FinishReason.MaxTokens;
                return;
            }

            var t = samplers[i].Next(logits);
            outputs[i].Add(t);
            next[i] = t.Id;
            finish[i] = t.IsStop ? FinishReason.Stop
                : outputs[i].Count >= options.MaxTokens ? FinishReason.MaxTokens
                : positions[i] >= ContextLength ? FinishReason.ContextFull
                : null;
        }
    }

    private void CheckSequence(int sequence, int adding)
    {
        if (sequence < 0 || sequence >= MaxSequences)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), $"Must be in 0..{MaxSequences - 1}.");
        }

        if (positions[sequence] + adding > ContextLength)
        {
            throw new InvalidOperationException($"Sequence {sequence} holds {positions[sequence]} tokens; {adding} more exceed the context of {ContextLength}.");
        }
    }

    private void Append(IReadOnlyList<int> tokens, int sequence, Span<float> logits, bool allLogits)
    {
        CheckSequence(sequence, tokens.Count);
        for (var start = 0; start < tokens.Count; start += MaxChunk)
        {
            var n = Math.Min(MaxChunk, tokens.Count - start);
            var ids = new int[n];
            var seqs = new int[n];
            var pos = new int[n];
            for (var i = 0; i < n; i++)
            {
                ids[i] = tokens[start + i];
                seqs[i] = sequence;
                pos[i] = positions[sequence] + i;
            }

            var last = start + n == tokens.Count;
            if (allLogits)
            {
                Forward(ids, seqs, pos, logits.Slice(start * config.VocabSize, n * config.VocabSize), logitsFrom: 0);
            }
            else
            {
                Forward(ids, seqs, pos, last ? logits : default, logitsFrom: last ? n - 1 : n);
            }

            positions[sequence] += n;
        }
    }

    /// <summary>
    /// The transformer over rows r = 0..n-1, row r being token ids[r] of sequence seqs[r] at position pos[r]; rows of
    /// one sequence must be consecutive positions in order. Writes K/V into the cache, and logits for rows
    /// logitsFrom..n-1 into <paramref name="logits"/> [(n - logitsFrom), vocab].
    /// </summary>
    private void Forward(ReadOnlySpan<int> ids, ReadOnlySpan<int> seqs, ReadOnlySpan<int> pos, Span<float> logits, int logitsFrom)
    {
        var n = ids.Length;
        var dim = config.Dim;
        var kvDim = config.KvDim;
        var qkvDim = dim + (2 * kvDim);
        var hid = config.HiddenDim;
        var w = Weights;
        for (var r = 0; r < n; r++)
        {
            if ((uint)ids[r] >= (uint)config.VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"Token id {ids[r]} is outside the vocabulary of {config.VocabSize}.");
            }

            w.TokenEmbedding.GetRow(ids[r], x.AsSpan(r * dim, dim));
        }

        var attention = new AttentionJob(this, seqs.ToArray(), pos.ToArray());
        for (var l = 0; l < config.Layers; l++)
        {
            var layer = w.Layers[l];
            for (var r = 0; r < n; r++)
            {
                RmsNorm.Forward(x.AsSpan(r * dim, dim), layer.AttnNorm, xb.AsSpan(r * dim, dim), config.NormEps);
            }

            layer.Qkv.MatMul(xb, qkv, n);
            for (var r = 0; r < n; r++)
            {
                var row = qkv.AsSpan(r * qkvDim, qkvDim);
                Rope.Forward(row[..dim], config.Heads, config.HeadDim, pos[r], w.Rope);
                Rope.Forward(row.Slice(dim, kvDim), config.KvHeads, config.HeadDim, pos[r], w.Rope);
                var cache = (l * MaxSequences) + seqs[r];
                row.Slice(dim, kvDim).CopyTo(keyCache[cache].AsSpan(pos[r] * kvDim, kvDim));
                row.Slice(dim + kvDim, kvDim).CopyTo(valueCache[cache].AsSpan(pos[r] * kvDim, kvDim));
            }

            attention.Layer = l;
            attention.Rows = n;
            WorkerPool.Shared.Run(attention, n * config.Heads);
            layer.Wo.MatMul(att, proj, n);
            TensorPrimitives.Add(x.AsSpan(0, n * dim), proj.AsSpan(0, n * dim), x.AsSpan(0, n * dim));

            for (var r = 0; r < n; r++)
            {
                RmsNorm.Forward(x.AsSpan(r * dim, dim), layer.FfnNorm, xb.AsSpan(r * dim, dim), config.NormEps);
            }

            layer.GateUp.MatMul(xb, gateUp, n);
            for (var r = 0; r < n; r++)
            {
                var gu = gateUp.AsSpan(r * 2 * hid, 2 * hid);
                Activations.SwiGlu(gu[..hid], gu[hid..], hidden.AsSpan(r * hid, hid));
            }

            layer.Down.MatMul(hidden, proj, n);
            TensorPrimitives.Add(x.AsSpan(0, n * dim), proj.AsSpan(0, n * dim), x.AsSpan(0, n * dim));
        }

        var outRows = n - logitsFrom;
        if (outRows <= 0)
        {
            return;
        }

        for (var r = logitsFrom; r < n; r++)
        {
            RmsNorm.Forward(x.AsSpan(r * dim, dim), w.FinalNorm, xb.AsSpan((r - logitsFrom) * dim, dim), config.NormEps);
        }

        w.Output.MatMul(xb.AsSpan(0, outRows * dim), logits, outRows);
    }

    /// <summary>One (row, head) of causal attention per part: softmax(q k^T / sqrt(hd)) v over the row's cached positions.</summary>
    private sealed class AttentionJob(InferenceSession s, int[] seqs, int[] pos) : IParallelJob
    {
        [ThreadStatic]
        private static float[]? scores;

        public int Layer { get; set; }

        public int Rows { get; set; }

        public void Execute(int part)
        {
            var c = s.config;
            var r = part / c.Heads;
            var h = part % c.Heads;
            var hd = c.HeadDim;
            var kvDim = c.KvDim;
            var kvOffset = h / c.GroupSize * hd;
            var q = s.qkv.AsSpan((r * (c.Dim + (2 * kvDim))) + (h * hd), hd);
            var cache = (Layer * s.MaxSequences) + seqs[r];
            var keys = s.keyCache[cache];
            var values = s.valueCache[cache];
            var len = pos[r] + 1;
            if (scores is null || scores.Length < s.ContextLength)
            {
                scores = new float[s.ContextLength];
            }

            var sc = scores.AsSpan(0, len); // [len]
            var scale = 1f / MathF.Sqrt(hd);
            for (var t = 0; t < len; t++)
            {
                sc[t] = TensorPrimitives.Dot(q, keys.AsSpan((t * kvDim) + kvOffset, hd)) * scale;
            }

            Softmax.Forward(sc);
            var o = s.att.AsSpan((r * c.Dim) + (h * hd), hd);
            o.Clear();
            for (var t = 0; t < len; t++)
            {
                TensorPrimitives.MultiplyAdd(values.AsSpan((t * kvDim) + kvOffset, hd), sc[t], o, o);
            }
        }
    }
}
