using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// Serves repeated requests from a <see cref="ResponseCache"/>. The key (<see cref="ResponseCacheKey"/>) includes the
/// model description, the messages, the output-affecting options and the sample index, so distinct samples of one
/// prompt are never collapsed. A hit returns the stored text, usage, finish reason and log-probability with
/// <see cref="RethinkProperties.Cached"/> = true in <see cref="ChatResponse.AdditionalProperties"/> and makes no call.
/// Streaming goes through the same cache: a miss streams from the provider while collecting the updates and stores
/// the aggregated response once the stream completes (a cancelled or failed stream stores nothing); a hit replays the
/// stored response as updates. Requests with tools or non-text content bypass the cache. Thread-safe when the inner
/// client is.
/// </summary>
public sealed class ResponseCacheChatClient : DelegatingChatClient
{
    private readonly ResponseCache _cache;
    private readonly string _modelDescription;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The provider client.</param>
    /// <param name="cache">Where responses are kept.</param>
    /// <param name="modelDescription">Identity of the model behind <paramref name="innerClient"/> (e.g. <see cref="ModelDescription.Describe"/>); part of every key.</param>
    public ResponseCacheChatClient(IChatClient innerClient, ResponseCache cache, string modelDescription)
        : base(innerClient)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _modelDescription = modelDescription ?? throw new ArgumentNullException(nameof(modelDescription));
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var key = ResponseCacheKey.Compute(_modelDescription, list, options);
        if (key is null)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        if (await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            return FromEntry(hit);
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (ToEntry(response) is { } entry)
        {
            await _cache.SetAsync(key, entry, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var key = ResponseCacheKey.Compute(_modelDescription, list, options);
        if (key is not null && await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            foreach (var update in FromEntry(hit).ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        if (key is not null && ToEntry(updates.ToChatResponse()) is { } entry)
        {
            await _cache.SetAsync(key, entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ChatResponse FromEntry(ResponseCacheEntry entry)
    {
        var properties = new AdditionalPropertiesDictionary { [RethinkProperties.Cached] = true };
        if (entry.MeanLogProb is { } lp)
        {
            properties[RethinkProperties.MeanLogProb] = lp;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, entry.Text))
        {
            ModelId = entry.ModelId,
            FinishReason = entry.FinishReason is null ? null : new ChatFinishReason(entry.FinishReason),
            Usage = new UsageDetails
            {
                InputTokenCount = entry.InputTokens,
                OutputTokenCount = entry.OutputTokens,
                TotalTokenCount = entry.InputTokens + entry.OutputTokens,
            },
            AdditionalProperties = properties,
        };
    }

    // Only plain-text answers are replayable; tool calls and other content would be lost by a text-only replay.
    private static ResponseCacheEntry? ToEntry(ChatResponse response)
    {
        if (response.Messages.Any(m => m.Contents.Any(c => c is not TextContent and not UsageContent)))
        {
            return null;
        }

        double? meanLogProb = response.AdditionalProperties is { } props
            && props.TryGetValue(RethinkProperties.MeanLogProb, out var value) && value is not null
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : null;
        return new ResponseCacheEntry(
            response.Text,
            response.Usage?.InputTokenCount ?? 0,
            response.Usage?.OutputTokenCount ?? 0,
            response.FinishReason?.Value,
            response.ModelId,
            meanLogProb);
    }
}
