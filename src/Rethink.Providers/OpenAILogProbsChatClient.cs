using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ChatCompletion = OpenAI.Chat.ChatCompletion;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;
using ChatTokenLogProbabilityDetails = OpenAI.Chat.ChatTokenLogProbabilityDetails;
using StreamingChatCompletionUpdate = OpenAI.Chat.StreamingChatCompletionUpdate;
using Rethink.Core;

namespace Rethink.Providers;

/// <summary>
/// Log-probabilities through the OpenAI SDK: when a call asks for them (<see cref="RethinkProperties.LogProbs"/>, and
/// <see cref="RethinkProperties.TopLogProbs"/> alternatives per token), the request carries <c>logprobs</c> and
/// <c>top_logprobs</c>, and the tokens the endpoint lists come back under
/// <see cref="RethinkProperties.TokenProbabilities"/> (on each streamed update, that update's tokens), with
/// <see cref="RethinkProperties.MeanLogProb"/> and <see cref="RethinkProperties.TokenLogProbs"/> on a whole response.
/// A call that does not ask sends neither field: some models refuse them. An endpoint that ignores the fields gives a
/// response without the keys, and best-of-n's logprob selector then says so.
/// </summary>
internal sealed class OpenAILogProbsChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!RethinkProperties.WantsLogProbs(options, out var top))
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.GetResponseAsync(messages, WithLogProbs(options!, top), cancellationToken).ConfigureAwait(false);
        if (response.RawRepresentation is ChatCompletion { ContentTokenLogProbabilities: { Count: > 0 } details })
        {
            var tokens = Map(details);
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[RethinkProperties.TokenProbabilities] = tokens;
            response.AdditionalProperties[RethinkProperties.TokenLogProbs] = tokens.Select(t => t.LogProb).ToList();
            response.AdditionalProperties[RethinkProperties.MeanLogProb] = tokens.Average(t => t.LogProb);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var asked = RethinkProperties.WantsLogProbs(options, out var top);
        await foreach (var update in base.GetStreamingResponseAsync(messages, asked ? WithLogProbs(options!, top) : options, cancellationToken).ConfigureAwait(false))
        {
            if (asked && update.RawRepresentation is StreamingChatCompletionUpdate { ContentTokenLogProbabilities: { Count: > 0 } details })
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[RethinkProperties.TokenProbabilities] = Map(details);
            }

            yield return update;
        }
    }

    // The SDK fills the rest of the request from ChatOptions; a factory the caller set still runs first.
    private static ChatOptions WithLogProbs(ChatOptions options, int top)
    {
        var clone = options.Clone();
        var callers = options.RawRepresentationFactory;
        clone.RawRepresentationFactory = client =>
        {
            var raw = callers?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.IncludeLogProbabilities = true;
            if (top > 0)
            {
                raw.TopLogProbabilityCount = top;
            }

            return raw;
        };
        return clone;
    }

    private static List<TokenLogProbability> Map(IEnumerable<ChatTokenLogProbabilityDetails> details) =>
        details.Select(d => new TokenLogProbability(d.Token, d.LogProbability, Bytes(d.Utf8Bytes, d.Token))
        {
            TopAlternatives = d.TopLogProbabilities.Select(a => new TokenLogProbability(a.Token, a.LogProbability, Bytes(a.Utf8Bytes, a.Token))).ToList(),
        }).ToList();

    // "bytes" may be null on the wire (OpenAI sends null for some tokens); the token's own UTF-8 is the best reading then.
    private static byte[] Bytes(ReadOnlyMemory<byte>? bytes, string token) =>
        bytes is { } b ? b.ToArray() : System.Text.Encoding.UTF8.GetBytes(token);
}
