using Microsoft.Extensions.AI;

namespace Rethink.Core;

/// <summary>The outcome of one recorded model call.</summary>
/// <param name="Text">The response text.</param>
/// <param name="Call">The record of the call, for the trajectory.</param>
/// <param name="Response">The provider's full response.</param>
public sealed record ModelReply(string Text, CallRecord Call, ChatResponse Response);
