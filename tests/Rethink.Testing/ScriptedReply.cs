using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Testing;

/// <summary>
/// One scripted answer of <see cref="ScriptedChatClient"/>: text, or an exception to throw, optionally after a delay
/// (the delay honours cancellation). Token counts default to characters/4 (rounded up) of the prompt and the reply.
/// </summary>
public sealed record ScriptedReply
{
    /// <summary>The reply text (ignored when <see cref="Exception"/> is set).</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>When set, the call throws this instead of answering.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Wait this long before answering (cancellable).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Scripted input token count; null means characters/4 of all request messages.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Scripted output token count; null means characters/4 of the reply.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Finish reason reported (defaults to stop).</summary>
    public ChatFinishReason FinishReason { get; init; } = ChatFinishReason.Stop;

    /// <summary>Properties copied into the response's AdditionalProperties (e.g. <see cref="RethinkProperties.MeanLogProb"/>).</summary>
    public IReadOnlyDictionary<string, object?>? Properties { get; init; }

    /// <summary>A plain text reply.</summary>
    public static ScriptedReply Of(string text) => new() { Text = text };

    /// <summary>A reply that throws <paramref name="exception"/>.</summary>
    public static ScriptedReply Throws(Exception exception) => new() { Exception = exception };

    /// <summary>A text reply given after <paramref name="delay"/>.</summary>
    public static ScriptedReply Delayed(string text, TimeSpan delay) => new() { Text = text, Delay = delay };

    /// <summary>A reply that never completes unless cancelled.</summary>
    public static ScriptedReply Hang() => new() { Text = string.Empty, Delay = Timeout.InfiniteTimeSpan };

    /// <summary>This reply with a mean log-probability attached.</summary>
    public ScriptedReply WithMeanLogProb(double meanLogProb) => WithProperty(RethinkProperties.MeanLogProb, meanLogProb);

    /// <summary>This reply with scripted token counts.</summary>
    public ScriptedReply WithUsage(long inputTokens, long outputTokens) => this with { InputTokens = inputTokens, OutputTokens = outputTokens };

    /// <summary>This reply with one more response property.</summary>
    public ScriptedReply WithProperty(string key, object? value)
    {
        var props = Properties is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(Properties);
        props[key] = value;
        return this with { Properties = props };
    }

    /// <summary>Implicit conversion from text, so scripts can mix strings and replies.</summary>
    public static implicit operator ScriptedReply(string text) => Of(text);
}
