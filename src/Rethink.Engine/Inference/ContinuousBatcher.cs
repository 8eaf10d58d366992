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
/// background thread runs the model while there is work and ends after <see cref="IdleExit"/> without any, so a
/// batcher nobody disposes holds no thread and can be collected.
/// </remarks>
public sealed class ContinuousBatcher : IDisposable
{
    /// <summary>
    /// Largest <see cref="MaxBatch"/>: beyond it decode steps would go through the blocked GEMM, whose rounding depends
    /// on the other rows, and a reply would then depend on what ran beside it.
    /// </summary>
    public const int MaxBatchLimit = Gemv.MaxRows;

    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(2);

    private readonly InferenceSession session;
    private readonly ConcurrentQueue<Request> pending = new();
    private readonly SemaphoreSlim signal = new(0);
    private readonly Request?[] slots;
    private readonly object gate = new();
    private Thread? thread; // the running loop, null while idle; guarded by gate
    private volatile bool disposed;
    private long decodeSteps;
    private long decodedTokens;
    private long prefills;

    /// <summary>Creates a batcher over shared weights; its thread starts with the first request.</summary>
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

    /// <summary>Whether the model thread is running (it ends when idle); for tests.</summary>
    internal bool LoopRunning
    {
        get
        {
            lock (gate)
            {
                return thread is not null;
            }
        }
    }

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
        lock (gate)
        {
            if (thread is null && !disposed)
            {
                thread = new Thread(Loop) { IsBackground = true, Name = "Rethink.Engine batcher" };
                thread.Start();
            }
        }

        if (disposed)
        {
            // Dispose may have drained the queue before this request reached it.
            request.Fail(Gone());
        }

        try
        {
            await foreach (var token in request.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // Tokens already buffered must not outrun a cancellation.
                cancellationToken.ThrowIfCancellationRequested();
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

        Thread? running;
        lock (gate)
        {
            disposed = true;
            running = thread;
        }

        signal.Release();
        if (running is not null && Thread.CurrentThread != running)
        {
            running.Join();
        }

        // With no loop running (never started, or ended idle), requests may still be queued.
        while (pending.TryDequeue(out var r))
        {
            r.Fail(Gone());
        }
    }

    private static ObjectDisposedException Gone() => new(nameof(ContinuousBatcher));

    private void Loop()
    {
        while (!disposed)
        {
            try
            {
                Admit();
                if (!Step() && !signal.Wait(IdleExit))
                {
                    lock (gate)
                    {
                        // A request enqueued after this check starts a new loop: its sender takes the lock after us.
                        if (pending.IsEmpty)
                        {
                            thread = null;
                            return;
                        }
                    }
                }
            }
            catch (Exception e)
            {
                // A fault in the model fails the generations it was running, not the batcher.
                for (var i = 0; i < slots.Length; i++)
                {
                    slots[i]?.Fail(new InvalidOperationException("The model failed during a batched decode step.", e));
                    slots[i] = null;
                }

                session.Reset();
            }
        }

        foreach (var r in slots)
        {
            r?.Fail(Gone());
        }

        while (pending.TryDequeue(out var r))
        {
            r.Fail(Gone());
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
                try
                {
                    var logits = session.Prefill(request.Prompt, slot);
                    Interlocked.Increment(ref prefills);
                    Take(slot, logits);
                }
                catch (Exception e)
                {
                    // This request's own failure (its prompt, its sampler) fails it alone.
                    request.Fail(e);
                    slots[slot] = null;
                    session.Reset(slot);
                    continue;
                }

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
            var slot = sequences[row];
            try
            {
                Take(slot, logits.AsSpan(row * vocab, vocab));
            }
            catch (Exception e)
            {
                slots[slot]?.Fail(e);
                slots[slot] = null;
            }
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

        public Channel<GeneratedToken> Output { get; } = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true });

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
