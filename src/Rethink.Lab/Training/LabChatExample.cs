using Rethink.Core;

namespace Rethink.Lab.Training;

/// <summary>One training conversation: the context the model is shown and the reply it must learn.</summary>
/// <param name="Context">Messages before the reply (never trained).</param>
/// <param name="Target">The reply to learn.</param>
/// <param name="Strategy">The strategy whose run produced it.</param>
/// <param name="Role">Generator or critic reply.</param>
/// <param name="ProblemId">The lab problem it came from.</param>
public sealed record LabChatExample(IReadOnlyList<Message> Context, string Target, string Strategy, ModelRole Role, string ProblemId);
