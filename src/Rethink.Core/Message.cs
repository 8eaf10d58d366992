namespace Rethink.Core;

/// <summary>
/// One chat message as Rethink persists it: a role ("system", "user", "assistant") and plain text.
/// Model calls go through Microsoft.Extensions.AI; this record is the stable, serialisable form kept in
/// problems, trajectories and the run store (see <see cref="ChatMessageConversions"/>).
/// </summary>
/// <param name="Role">Lower-case role name; see <see cref="MessageRoles"/>.</param>
/// <param name="Text">The message text.</param>
public sealed record Message(string Role, string Text)
{
    /// <summary>A system message.</summary>
    public static Message System(string text) => new(MessageRoles.System, text);

    /// <summary>A user message.</summary>
    public static Message User(string text) => new(MessageRoles.User, text);

    /// <summary>An assistant message.</summary>
    public static Message Assistant(string text) => new(MessageRoles.Assistant, text);
}
