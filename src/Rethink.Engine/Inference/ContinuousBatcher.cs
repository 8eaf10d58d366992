using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Rethink.Engine.Kernels;

namespace Rethink.Engine.Inference;

/// <summary>
/// Continuous batching over one <see cref="InferenceSession"/>: concurrent generations share every decode step, one
/// matmul row each, so several requests cost little more than one on a small model. A request takes a free sequence as
/// soon as one is free (first come, first served), is prefilled on its own, and then decodes together with whatever
/// else is running; it leaves the batch when it ends, when its caller cancels, or when its caller stops reading.
/// </summary>
/// <remarks>
/// A generation's tokens and log-probabilities are bit for bit those of <see cref="InferenceSession.Generate"/> run
/// alone with the same prompt and options, whatever ran beside it: each request samples with its own
/// <see cref="Sampler"/> (stream 0 of its seed), and a batch never has more rows than the matrix-vector kernels take
/// (<see cref="MaxBatchLimit"/>), whose every output is one dot product reduced in a fixed order. Thread-safe; one
/// background thread runs the model.
/// </remarks>
public sealed class ContinuousBatcher : IDisposable
{
    /// <summary>
    /// Largest <see cref="MaxBatch"/>: beyond it decode steps would go through the blocked GEMM, whose rounding depends
    /// on the other rows, and a reply would then depend on what ran beside it.
    /// </summary>
    public const int MaxBatchLimit = Gemv.MaxRows;

    private readonly InferenceSession session;
    private readonly ConcurrentQueue<Request> pending = new();
    private readonly SemaphoreSlim signal = new(0);
    private readonly Request?[] slots;
    private readonly Thread thread;
    private volatile bool disposed;
    private long decodeSteps;
    private long decodedTokens;
    private long prefills;

    /// <summary>Starts a batcher (and its thread) over shared weights.</summary>
    /// <param name="weights">Shared, read-only weights.</param>
    /// <param name="maxBatch">Generations decoded together, 1..<see cref="MaxBatchLimit"/>; further requests queue.</param>
    /// <param name="contextLength">Positions per generation (prompt and reply); 0 = min(model context, 2048).</param>
    public ContinuousBatcher(InferenceWeights weights, int maxBatch = MaxBatchLimit, int contextLength = 0)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatch, MaxBatchLimit);
        session = new InferenceSession(weights, contextLength, maxSequences: maxBatch);
        slots = new Request?[maxBatch];
        thread = new Thread(Loop) { IsBackground = true, Name = "Rethink.Engine batcher" };
        thread.Start();
    }

    /// <summary>Generations decoded together.</summary>
    public int MaxBatch => slots.Length;

    /// <summary>Positions per generation: a prompt may fill all of them; the reply then ends with <see cref="FinishReason.ContextFull"/>.</summary>
    public int ContextLength => session.ContextLength;

    /// <summary>Decode steps run so far (each one matmul row per generation in the batch).</summary>
    public long DecodeSteps => Interlocked.Read(ref decodeSteps);

    /// <summary>Tokens decoded by those steps, all generations together; divided by <see cref="DecodeSteps"/>, the mean batch.</summary>
    public long DecodedTokens => Interlocked.Read(ref decodedTokens);

    /// <summary>Prompts prefilled so far.</summary>
    public long Prefills => Interlocked.Read(ref prefills);

    /// <summary>
    /// Streams the tokens generated after <paramref name="prompt"/>, exactly as <see cref="InferenceSession.Generate"/>
    /// would on a fresh sequence: it ends after a stop token (yielded, flagged), after
    /// <see cref="SamplingOptions.MaxTokens"/>, or when the context is full. Cancelling, or disposing the enumerator
    /// early, frees the request's place at the next step. Throws <see cref="ArgumentException"/> for an empty prompt or
    /// one longer than <see cref="ContextLength"/>, and <see cref="ObjectDisposedException"/> once the batcher is disposed.
    /// </summary>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(IReadOnlyList<int> prompt, SamplingOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        options ??= SamplingOptions.Greedy;
        options.Validate();
        if (prompt.Count == 0)
        {
            throw new ArgumentException("A prompt needs at least one token.", nameof(prompt));
        }

        if (prompt.Count > ContextLength)
        {
            throw new ArgumentException($"The prompt has {prompt.Count} tokens; the context holds {ContextLength}.", nameof(prompt));
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (options.MaxTokens == 0)
        {
            yield break;
        }

        var request = new Request(prompt.ToArray(), options);
        pending.Enqueue(request);
        signal.Release();
        if (disposed)
        {
            // Dispose may have drained the queue before this request reached it.
            request.Fail(new ObjectDisposedException(nameof(ContinuousBatcher)));
        }

        try
        {
            await foreach (var token in request.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return token;
            }
        }
        finally
        {
            request.Abandoned = true;
        }
    }

    /// <summary>Stops the thread; requests still queued or running fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        signal.Release();
        if (Thread.CurrentThread != thread)
        {
            thread.Join();
        }
    }

    private void Loop()
    {
        while (!disposed)
        {
            try
            {
                Admit();
                if (!Step())
                {
                    signal.Wait();
                }
            }
            catch (Exception e)
            {
                // A fault in the model fails the generations it was running, not the batcher.
                for (var i = 0; i < slots.Length; i++)
                {
                    slots[i]?.Fail(e);
                    slots[i] = null;
                }

                session.Reset();
            }
        }

        var gone = new ObjectDisposedException(nameof(ContinuousBatcher));
        foreach (var r in slots)
        {
            r?.Fail(gone);
        }

        while (pending.TryDequeue(out var r))
        {
            r.Fail(gone);
        }
    }

    // Moves queued requests into free sequences, prefilling each and taking its first token.
    private void Admit()
    {
        for (var slot = 0; slot < slots.Length && !pending.IsEmpty; slot++)
        {
            if (slots[slot] is not null)
            {
                continue;
            }

            while (pending.TryDequeue(out var request))
            {
                if (request.Abandoned)
                {
                    request.Output.Writer.TryComplete();
                    continue;
                }

                slots[slot] = request;
                session.Reset(slot);
                float[] logits;
                try
                {
                    logits = session.Prefill(request.Prompt, slot);
                }
                catch (Exception e)
                {
                    request.Fail(e);
                    slots[slot] = null;
                    session.Reset(slot);
                    continue;
                }

                Interlocked.Increment(ref prefills);
                Take(slot, logits);
                break;
            }
        }
    }

    // One decode step for every running generation; false when none is running.
    private bool Step()
    {
        Span<int> tokens = stackalloc int[MaxBatchLimit];
        Span<int> sequences = stackalloc int[MaxBatchLimit];
        var n = 0;
        for (var slot = 0; slot < slots.Length; slot++)
        {
            if (slots[slot] is not { } request)
            {
                continue;
            }

            if (request.Abandoned)
            {
                request.Output.Writer.TryComplete();
                slots[slot] = null;
                continue;
            }

            tokens[n] = request.Next;
            sequences[n] = slot;
            n++;
        }

        if (n == 0)
        {
            return false;
        }

        var logits = session.DecodeBatch(tokens[..n], sequences[..n]);
        Interlocked.Increment(ref decodeSteps);
        Interlocked.Add(ref decodedTokens, n);
        var vocab = session.Weights.Config.VocabSize;
        for (var row = 0; row < n; row++)
        {
            Take(sequences[row], logits.AsSpan(row * vocab, vocab));
        }

        return true;
    }

    // Samples the next token of the generation in `slot`, hands it over, and frees the slot when the generation ends.
    private void Take(int slot, ReadOnlySpan<float> logits)
    {
        var request = slots[slot]!;
        var token = request.Sampler.Next(logits);
        request.Generated++;
        request.Next = token.Id;
        request.Output.Writer.TryWrite(token);
        if (token.IsStop || request.Generated >= request.Options.MaxTokens || session.Position(slot) >= session.ContextLength)
        {
            request.Output.Writer.TryComplete();
            slots[slot] = null;
        }
    }

    private sealed class Request(int[] prompt, SamplingOptions options)
    {
        public int[] Prompt { get; } = prompt;

        public SamplingOptions Options { get; } = options;

        public Sampler Sampler { get; } = new(options);

        public Channel<GeneratedToken> Output { get; } = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public int Generated { get; set; }

        public int Next { get; set; }

        private volatile bool abandoned;

        // Set by the reader when it stops reading; the loop then drops the request at its next step.
        public bool Abandoned
        {
            get => abandoned;
            set => abandoned = value;
        }

        public void Fail(Exception e) => Output.Writer.TryComplete(e);
    }
}
