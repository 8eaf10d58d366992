using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace Rethink.Core;

/// <summary>Makes one model call and records it as a <see cref="CallRecord"/>. Stateless and thread-safe.</summary>
public static class ModelCall
{
    /// <summary>
    /// Sends <paramref name="messages"/> to <paramref name="client"/> with a clone of <paramref name="options"/> carrying
    /// the sample index and the model role (and, when the options have a seed, seed + sample index), and records what
    /// happened. <paramref name="options"/> itself is not mutated.
    /// </summary>
    public static async Task<ModelReply> InvokeAsync(
        IChatClient client,
        ModelRole role,
        IReadOnlyList<Message> messages,
        ChatOptions? options = null,
        int sampleIndex = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        var callOptions = options?.Clone() ?? new ChatOptions();
        callOptions.AdditionalProperties ??= [];
        callOptions.AdditionalProperties[RethinkProperties.SampleIndex] = sampleIndex;
        callOptions.AdditionalProperties[RethinkProperties.ModelRole] = role.ToString();
        if (callOptions.Seed is { } seed)
        {
            callOptions.Seed = seed + sampleIndex;
        }

        var started = Stopwatch.GetTimestamp();
        var response = await client.GetResponseAsync(messages.ToChatMessages(), callOptions, cancellationToken).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(started);
        var text = response.Text;
        var usage = new TokenUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        var props = response.AdditionalProperties;
        double? meanLogProb = props is not null && props.TryGetValue(RethinkProperties.MeanLogProb, out var lp) && lp is not null
            ? Convert.ToDouble(lp, CultureInfo.InvariantCulture)
            : null;
        var cached = props is not null && props.TryGetValue(RethinkProperties.Cached, out var c) && c is true;
        var record = new CallRecord
        {
            Role = role,
            Messages = messages.ToList(),
            Settings = new CallSettings
            {
                ModelId = callOptions.ModelId,
                Temperature = callOptions.Temperature,
                TopP = callOptions.TopP,
                MaxOutputTokens = callOptions.MaxOutputTokens,
                Seed = callOptions.Seed,
                StopSequences = callOptions.StopSequences?.ToList(),
            },
            Output = text,
            Usage = usage,
            Latency = latency,
            SampleIndex = sampleIndex,
            Cached = cached,
            FinishReason = response.FinishReason?.Value,
            MeanLogProb = meanLogProb,
        };
        return new ModelReply(text, record, response);
    }
}
