using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Testing;

/// <summary>A request <see cref="ScriptedChatClient"/> received: a copy of the messages and a clone of the options.</summary>
/// <param name="Index">Position among all requests received, from 0.</param>
/// <param name="Messages">The messages, copied.</param>
/// <param name="Options">A clone of the options (null when none were passed).</param>
/// <param name="Streaming">True when received through GetStreamingResponseAsync.</param>
public sealed record ScriptedRequest(int Index, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, bool Streaming)
{
    /// <summary>The text of the last user message, or an empty string.</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;

    /// <summary>The text of the last message of any role, or an empty string.</summary>
    public string LastText => Messages.Count == 0 ? string.Empty : Messages[^1].Text;

    /// <summary>The sample index ModelCall put in the options, or null.</summary>
    public int? SampleIndex =>
        Options?.AdditionalProperties is { } p && p.TryGetValue(RethinkProperties.SampleIndex, out var v) && v is int i ? i : null;

    /// <summary>The model role ModelCall put in the options (e.g. "Critic"), or null.</summary>
    public string? ModelRole =>
        Options?.AdditionalProperties is { } p && p.TryGetValue(RethinkProperties.ModelRole, out var v) ? v as string : null;

    /// <summary>The messages in Rethink's persisted form (role + text), for compact assertions.</summary>
    public IReadOnlyList<Message> AsMessages => Messages.Select(m => m.ToMessage()).ToList();
}
