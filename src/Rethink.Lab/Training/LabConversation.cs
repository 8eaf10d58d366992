using Rethink.Core;

namespace Rethink.Lab.Training;

/// <summary>One training conversation from a data file: its messages and which assistant replies carry the loss. Immutable.</summary>
/// <param name="Messages">The messages in order.</param>
/// <param name="Trained">One flag per message; true only on assistant messages that are taught.</param>
public sealed record LabConversation(IReadOnlyList<Message> Messages, IReadOnlyList<bool> Trained);
