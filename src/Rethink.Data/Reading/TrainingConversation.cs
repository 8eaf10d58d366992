using Rethink.Core;

namespace Rethink.Data;

/// <summary>A conversation to train a chat model on: the messages, and which assistant replies carry the loss. Immutable.</summary>
/// <param name="Messages">The messages in order.</param>
/// <param name="Trained">One flag per message; true only on the assistant replies to learn.</param>
/// <param name="Line">The line (or row) of the file it came from, 1-based.</param>
public sealed record TrainingConversation(IReadOnlyList<Message> Messages, IReadOnlyList<bool> Trained, int Line);
