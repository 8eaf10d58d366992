using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Rethink.Testing;

/// <summary>
/// A hand-written fake model that answers from a script and records every request.
/// Resolution order for each request: the first rule whose condition matches (rules are tried in the order they were
/// added; a rule's replies are used in order and its last reply repeats), then the queue of replies (each used once),
/// then the fallback responder; if none answers, the call throws <see cref="InvalidOperationException"/> naming the
/// request, so a test fails loudly when the code under test makes a call the script did not expect.
/// Thread-safe: requests may arrive concurrently (the order of concurrent requests is the order they take the lock).
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly Queue<ScriptedReply> _queue = new();
    private readonly List<ScriptedRequest> _requests = [];
    private Func<ScriptedRequest, ScriptedReply>? _fallback;

    /// <summary>A client that answers with <paramref name="replies"/> in order (one per call).</summary>
    public ScriptedChatClient(params IEnumerable<ScriptedReply> replies)
    {
        foreach (var reply in replies)
        {
            _queue.Enqueue(reply);
        }
    }

    /// <summary>A client that answers every request with <paramref name="responder"/>.</summary>
    public ScriptedChatClient(Func<ScriptedRequest, ScriptedReply> responder)
    {
        _fallback = responder ?? throw new ArgumentNullException(nameof(responder));
    }

    /// <summary>Model id reported in metadata and responses.</summary>
    public string ModelId { get; init; } = "scripted";

    /// <summary>Characters per streamed chunk.</summary>
    public int StreamChunkSize { get; init; } = 8;

    /// <summary>Every request received, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Number of requests received.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Replies still queued.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Appends replies to the queue.</summary>
    public ScriptedChatClient Enqueue(params IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        lock (_gate)
        {
            foreach (var reply in replies)
            {
                _queue.Enqueue(reply);
            }
        }

        return this;
    }

    /// <summary>Answers requests whose last user message contains <paramref name="substring"/> (ordinal).</summary>
    public ScriptedChatClient WhenContains(string substring, params IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(substring);
        return When(r => r.LastUserText.Contains(substring, StringComparison.Ordinal), replies);
    }

    /// <summary>Answers requests whose last user message matches <paramref name="pattern"/>.</summary>
    public ScriptedChatClient WhenMatches(Regex pattern, params IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return When(r => pattern.IsMatch(r.LastUserText), replies);
    }

    /// <summary>Answers requests satisfying <paramref name="predicate"/>.</summary>
    public ScriptedChatClient When(Func<ScriptedRequest, bool> predicate, params IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(replies);
        var list = replies.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A rule needs at least one reply.", nameof(replies));
        }

        lock (_gate)
        {
            _rules.Add(new Rule(predicate, list));
        }

        return this;
    }

    /// <summary>Answers requests satisfying <paramref name="predicate"/> with a computed reply.</summary>
    public ScriptedChatClient When(Func<ScriptedRequest, bool> predicate, Func<ScriptedRequest, ScriptedReply> responder)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(responder);
        lock (_gate)
        {
            _rules.Add(new Rule(predicate, responder));
        }

        return this;
    }

    /// <summary>Answers anything the rules and the queue did not.</summary>
    public ScriptedChatClient Otherwise(Func<ScriptedRequest, ScriptedReply> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        lock (_gate)
        {
            _fallback = responder;
        }

        return this;
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (request, reply) = Resolve(messages, options, streaming: false, cancellationToken);
        var text = await Play(reply, cancellationToken).ConfigureAwait(false);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = options?.ModelId ?? ModelId,
            FinishReason = reply.FinishReason,
            Usage = UsageOf(request, reply, text),
            ResponseId = $"scripted-{request.Index}",
        };
        if (reply.Properties is { Count: > 0 })
        {
            response.AdditionalProperties = [];
            foreach (var (key, value) in reply.Properties)
            {
                response.AdditionalProperties[key] = value;
            }
        }

        return response;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (request, reply) = Resolve(messages, options, streaming: true, cancellationToken);
        var text = await Play(reply, cancellationToken).ConfigureAwait(false);
        var responseId = $"scripted-{request.Index}";
        for (var i = 0; i < text.Length; i += StreamChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(StreamChunkSize, text.Length - i)))
            {
                ResponseId = responseId,
                ModelId = options?.ModelId ?? ModelId,
            };
        }

        var final = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(UsageOf(request, reply, text))])
        {
            ResponseId = responseId,
            ModelId = options?.ModelId ?? ModelId,
            FinishReason = reply.FinishReason,
        };
        if (reply.Properties is { Count: > 0 })
        {
            final.AdditionalProperties = [];
            foreach (var (key, value) in reply.Properties)
            {
                final.AdditionalProperties[key] = value;
            }
        }

        yield return final;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("scripted", null, ModelId);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static long Quarter(long chars) => (chars + 3) / 4;

    private static UsageDetails UsageOf(ScriptedRequest request, ScriptedReply reply, string text)
    {
        var input = reply.InputTokens ?? Quarter(request.Messages.Sum(m => (long)m.Text.Length));
        var output = reply.OutputTokens ?? Quarter(text.Length);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    private static async Task<string> Play(ScriptedReply reply, CancellationToken cancellationToken)
    {
        if (reply.Delay != TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (reply.Exception is not null)
        {
            throw reply.Exception;
        }

        return reply.Text;
    }

    private (ScriptedRequest Request, ScriptedReply Reply) Resolve(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        bool streaming,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var copy = messages.Select(m => m.Clone()).ToList();
        lock (_gate)
        {
            var request = new ScriptedRequest(_requests.Count, copy, options?.Clone(), streaming);
            _requests.Add(request);
            foreach (var rule in _rules)
            {
                if (rule.Predicate(request))
                {
                    return (request, rule.Next(request));
                }
            }

            if (_queue.TryDequeue(out var queued))
            {
                return (request, queued);
            }

            if (_fallback is not null)
            {
                return (request, _fallback(request));
            }

            throw new InvalidOperationException(
                $"ScriptedChatClient has no reply for request #{request.Index} (last user message: \"{request.LastUserText}\").");
        }
    }

    private sealed class Rule
    {
        private readonly List<ScriptedReply>? _replies;
        private readonly Func<ScriptedRequest, ScriptedReply>? _responder;
        private int _used;

        public Rule(Func<ScriptedRequest, bool> predicate, List<ScriptedReply> replies)
        {
            Predicate = predicate;
            _replies = replies;
        }

        public Rule(Func<ScriptedRequest, bool> predicate, Func<ScriptedRequest, ScriptedReply> responder)
        {
            Predicate = predicate;
            _responder = responder;
        }

        public Func<ScriptedRequest, bool> Predicate { get; }

        // Called under the client's lock.
        public ScriptedReply Next(ScriptedRequest request)
        {
            if (_responder is not null)
            {
                return _responder(request);
            }

            var reply = _replies![Math.Min(_used, _replies.Count - 1)];
            _used++;
            return reply;
        }
    }
}
