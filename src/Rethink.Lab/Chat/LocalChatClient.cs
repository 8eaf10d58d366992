using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Engine.Inference;
using Rethink.Engine.Tokenization;

namespace Rethink.Lab.Chat;

/// <summary>
/// The built-in engine behind Microsoft.Extensions.AI's <see cref="IChatClient"/>: messages are rendered with the
/// <see cref="LabChatTemplate"/>, generated with a KV-cached <see cref="InferenceSession"/> and returned with usage,
/// finish reason and log-probabilities (<see cref="RethinkProperties.MeanLogProb"/> and
/// <see cref="RethinkProperties.TokenLogProbs"/> in the response's additional properties, and with
/// <see cref="RethinkProperties.LogProbs"/> asked for, each token's text, bytes and top alternatives under
/// <see cref="RethinkProperties.TokenProbabilities"/>, streamed with the text they belong to). Sampling honours
/// ChatOptions Temperature, TopP, TopK, Seed, MaxOutputTokens and StopSequences; with the same options and seed the
/// output is identical. Thread-safe: up to <see cref="LocalChatClientOptions.MaxConcurrency"/> generations decode together
/// in one batch (<see cref="ContinuousBatcher"/>), the rest queue; a reply is the same whatever ran beside it. Weights
/// are shared and never mutated.
/// </summary>
public sealed class LocalChatClient : IChatClient
{
    private readonly ContinuousBatcher _batcher;
    private readonly ChatClientMetadata _metadata;
    private volatile bool _disposed;

    /// <summary>Creates a client over loaded weights.</summary>
    public LocalChatClient(InferenceWeights weights, LabChatTemplate template, LocalChatClientOptions? options = null)
    {
        Weights = weights ?? throw new ArgumentNullException(nameof(weights));
        Template = template ?? throw new ArgumentNullException(nameof(template));
        Options = options ?? new LocalChatClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Options.MaxConcurrency, ContinuousBatcher.MaxBatchLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.DefaultMaxOutputTokens, 1);
        if (template.Tokenizer.VocabSize > weights.Config.VocabSize)
        {
            throw new ArgumentException($"The tokenizer has {template.Tokenizer.VocabSize} ids but the model only {weights.Config.VocabSize}.", nameof(template));
        }

        _batcher = new ContinuousBatcher(weights, Options.MaxConcurrency);
        _metadata = new ChatClientMetadata("rethink-lab", null, Options.ModelId);
    }

    /// <summary>The model weights.</summary>
    public InferenceWeights Weights { get; }

    /// <summary>The chat template (and through it the tokenizer).</summary>
    public LabChatTemplate Template { get; }

    /// <summary>The client settings.</summary>
    public LocalChatClientOptions Options { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tokens = new List<GeneratedToken>();
        var text = string.Empty;
        var promptTokens = 0;
        var finish = ChatFinishReason.Stop;
        await foreach (var step in RunAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(step.Token);
            text = step.Text;
            promptTokens = step.PromptTokens;
            finish = step.Finish ?? finish;
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = Options.ModelId,
            FinishReason = finish,
            Usage = new UsageDetails { InputTokenCount = promptTokens, OutputTokenCount = tokens.Count, TotalTokenCount = promptTokens + tokens.Count },
            AdditionalProperties = LogProbProperties(tokens),
        };
        if (RethinkProperties.WantsLogProbs(options))
        {
            response.AdditionalProperties[RethinkProperties.TokenProbabilities] = Probabilities(tokens, 0, 0, Encoding.UTF8.GetByteCount(text)).List;
        }

        return response;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var emitted = 0;
        var id = "lab-" + Guid.NewGuid().ToString("N")[..12];
        var tokens = new List<GeneratedToken>();
        var promptTokens = 0;
        ChatFinishReason? finish = null;
        var wantsTokens = RethinkProperties.WantsLogProbs(options);
        var reported = 0;
        var reportedBytes = 0;
        var text = string.Empty;
        await foreach (var step in RunAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(step.Token);
            promptTokens = step.PromptTokens;
            finish = step.Finish ?? finish;
            text = step.Text;

            // Emit only text that can no longer change: a byte-level model may be mid-way through a UTF-8 sequence.
            var stable = step.Finish is null && step.Text.EndsWith('\uFFFD') ? step.Text.TrimEnd('\uFFFD') : step.Text;
            if (stable.Length > emitted)
            {
                var update = new ChatResponseUpdate(ChatRole.Assistant, stable[emitted..]) { ResponseId = id, ModelId = Options.ModelId };
                if (wantsTokens)
                {
                    // The tokens whose bytes this update's text completes.
                    var (list, next, nextBytes) = Probabilities(tokens, reported, reportedBytes, Encoding.UTF8.GetByteCount(stable));
                    update.AdditionalProperties = new() { [RethinkProperties.TokenProbabilities] = list };
                    (reported, reportedBytes) = (next, nextBytes);
                }

                yield return update;
                emitted = stable.Length;
            }
        }

        var last = new ChatResponseUpdate
        {
            ResponseId = id,
            ModelId = Options.ModelId,
            Role = ChatRole.Assistant,
            FinishReason = finish ?? ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = promptTokens, OutputTokenCount = tokens.Count, TotalTokenCount = promptTokens + tokens.Count })],
            AdditionalProperties = LogProbProperties(tokens),
        };
        if (wantsTokens)
        {
            last.AdditionalProperties![RethinkProperties.TokenProbabilities] = Probabilities(tokens, reported, reportedBytes, Encoding.UTF8.GetByteCount(text)).List;
        }

        yield return last;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Weights) ? Weights
            : serviceType.IsInstanceOfType(_batcher) ? _batcher
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _batcher.Dispose();
    }

    private async IAsyncEnumerable<Step> RunAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var prompt = Template.EncodePrompt(messages.Select(m => m.ToMessage()).ToList());
        var sampling = Sampling(options);
        var context = _batcher.ContextLength;
        if (prompt.Count >= context)
        {
            throw new ContextLengthExceededException(
                string.Create(CultureInfo.InvariantCulture, $"The prompt is {prompt.Count} tokens but model '{Options.ModelId}' has a context of {context}."),
                prompt.Count,
                context);
        }

        var stops = options?.StopSequences?.Where(s => !string.IsNullOrEmpty(s)).ToList() ?? [];
        var ids = new List<int>();
        await foreach (var token in _batcher.GenerateAsync(prompt, sampling, cancellationToken).ConfigureAwait(false))
        {
            if (!token.IsStop)
            {
                ids.Add(token.Id);
            }

            var text = Template.Tokenizer.Decode(ids, skipSpecial: true);
            ChatFinishReason? finish = null;
            foreach (var stop in stops)
            {
                var at = text.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0)
                {
                    text = text[..at];
                    finish = ChatFinishReason.Stop;
                }
            }

            if (finish is null && token.IsStop)
            {
                finish = ChatFinishReason.Stop;
            }
            else if (finish is null && (ids.Count >= sampling.MaxTokens || prompt.Count + ids.Count >= context))
            {
                finish = ChatFinishReason.Length;
            }

            yield return new Step(token, text, prompt.Count, finish);
            if (finish is not null)
            {
                yield break;
            }
        }
    }

    private SamplingOptions Sampling(ChatOptions? options)
    {
        var topLogProbs = Options.DefaultTopLogProbs;
        if (options?.AdditionalProperties is { } props && props.TryGetValue(RethinkProperties.TopLogProbs, out var v) && v is not null)
        {
            topLogProbs = Convert.ToInt32(v, CultureInfo.InvariantCulture);
        }

        return new SamplingOptions
        {
            Temperature = options?.Temperature ?? Options.DefaultTemperature,
            TopP = options?.TopP ?? 1f,
            TopK = options?.TopK ?? 0,
            Seed = unchecked((ulong)(options?.Seed ?? 0)),
            MaxTokens = options?.MaxOutputTokens ?? Options.DefaultMaxOutputTokens,
            StopTokens = [Template.EndId, Template.Tokenizer.EosId],
            TopLogProbs = Math.Max(0, topLogProbs),
        };
    }

    // The mean leaves the end-of-turn token out, as OpenAI-compatible servers do when they list a reply's tokens, so a
    // lab model scores its replies the same in process and behind `rethink serve` (best-of-n's logprob selector).
    private static AdditionalPropertiesDictionary LogProbProperties(List<GeneratedToken> tokens)
    {
        var logProbs = tokens.Select(t => (double)t.LogProb).ToList();
        var reply = tokens.Where(t => !t.IsStop).Select(t => (double)t.LogProb).ToList();
        return new AdditionalPropertiesDictionary
        {
            [RethinkProperties.TokenLogProbs] = logProbs,
            [RethinkProperties.MeanLogProb] = reply.Count == 0 ? 0.0 : reply.Average(),
        };
    }

    // The tokens from index `from` (after `bytes` bytes of text) on whose bytes fit in the first `textBytes` bytes of
    // the text, the index after them and the bytes they end at. The stop token and tokens cut off by a stop sequence are
    // never reported, so the bytes of the reported tokens are the bytes of the text the caller received.
    private (List<TokenLogProbability> List, int Next, int Bytes) Probabilities(List<GeneratedToken> tokens, int from, int bytes, int textBytes)
    {
        var list = new List<TokenLogProbability>();
        var next = from;
        for (; next < tokens.Count && !tokens[next].IsStop; next++)
        {
            var own = TextBytes(tokens[next].Id);
            if (bytes + own.Length > textBytes)
            {
                break;
            }

            bytes += own.Length;
            list.Add(new TokenLogProbability(Template.Tokenizer.Decode([tokens[next].Id]), tokens[next].LogProb, own)
            {
                TopAlternatives = tokens[next].TopAlternatives.Select(a => Probability(a.Id, a.LogProb)).ToList(),
            });
        }

        return (list, next, bytes);
    }

    // An alternative: its own bytes, a special token's being its text's (what the token would have said).
    private TokenLogProbability Probability(int id, float logProb)
    {
        var bytes = TextBytes(id);
        return new(Template.Tokenizer.Decode([id]), logProb, bytes.Length > 0 ? bytes : Encoding.UTF8.GetBytes(Template.Tokenizer.Decode([id])));
    }

    // What a token adds to the reply's text: a byte token its one byte (even half a character), any other token what
    // decoding without special tokens gives, which for a special token is nothing.
    private byte[] TextBytes(int id) =>
        Template.Tokenizer is ByteTokenizer && id is >= ByteTokenizer.FirstByteId and < ByteTokenizer.FirstByteId + 256
            ? [(byte)(id - ByteTokenizer.FirstByteId)]
            : Encoding.UTF8.GetBytes(Template.Tokenizer.Decode([id], skipSpecial: true));

    private readonly record struct Step(GeneratedToken Token, string Text, int PromptTokens, ChatFinishReason? Finish);
}
