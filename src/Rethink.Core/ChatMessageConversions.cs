using Microsoft.Extensions.AI;

namespace Rethink.Core;

/// <summary>Converts between <see cref="Message"/> and Microsoft.Extensions.AI's <see cref="ChatMessage"/>.</summary>
public static class ChatMessageConversions
{
    /// <summary>The Microsoft.Extensions.AI form of <paramref name="message"/>.</summary>
    public static ChatMessage ToChatMessage(this Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ChatMessage(new ChatRole(message.Role), message.Text);
    }

    /// <summary>The Microsoft.Extensions.AI form of every message, in order.</summary>
    public static List<ChatMessage> ToChatMessages(this IEnumerable<Message> messages) =>
        messages.Select(m => m.ToChatMessage()).ToList();

    /// <summary>The Rethink form of <paramref name="message"/>: its role and its text content (non-text content is dropped).</summary>
    public static Message ToMessage(this ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Message(message.Role.Value.ToLowerInvariant(), message.Text);
    }
}
