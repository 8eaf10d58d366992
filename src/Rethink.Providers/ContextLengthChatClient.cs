using System.ClientModel;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Providers;

/// <summary>
/// Turns an OpenAI-compatible endpoint's "prompt too long" answer (HTTP 400 with code <c>context_length_exceeded</c>,
/// as OpenAI and <c>rethink serve</c> send it) into <see cref="ContextLengthExceededException"/>, so a strategy whose
/// conversation outgrows a remote model's context stops with its last answer instead of failing. Everything else passes
/// through unchanged.
/// </summary>
internal sealed class ContextLengthChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private const string Code = "context_length_exceeded";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException e) when (IsContextLength(e))
        {
            throw Translate(e);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (ClientResultException e) when (IsContextLength(e))
            {
                throw Translate(e);
            }

            yield return enumerator.Current;
        }
    }

    // The SDK puts the error body's code into the message ("HTTP 400 (invalid_request_error: context_length_exceeded)").
    private static bool IsContextLength(ClientResultException e) =>
        e.Status == 400 && e.Message.Contains(Code, StringComparison.Ordinal);

    private static ContextLengthExceededException Translate(ClientResultException e) =>
        new($"The endpoint says the prompt does not fit the model's context ({Code}): {e.Message}", e);
}
