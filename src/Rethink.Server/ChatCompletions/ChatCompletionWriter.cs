using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.Hosting;

namespace Rethink.Server.ChatCompletions;

/// <summary>
/// Writes <c>chat.completion</c> and <c>chat.completion.chunk</c> objects field by field in the reference's order, so the
/// bytes on the wire are stable (the SSE stream is snapshot-tested). Our additions live only under the <c>rethink</c> key.
/// </summary>
internal static class ChatCompletionWriter
{
    /// <summary>Trajectories serialise like the run store: web defaults (camelCase), enums as names, NaN allowed.</summary>
    private static readonly JsonSerializerOptions TrajectoryJson = CreateTrajectoryJson();

    /// <summary>
    /// A whole completion. With <paramref name="wantLogProbs"/>, each choice's <c>logprobs</c> lists the tokens the
    /// provider reported (<see cref="RethinkProperties.TokenProbabilities"/>); it stays null for a reply that has none.
    /// </summary>
    public static byte[] Completion(string id, long created, string model, IReadOnlyList<ChatResponse> choices, bool wantExtension, bool wantTrajectory, bool wantLogProbs = false)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            json.WriteStartObject();
            Header(json, id, "chat.completion", created, model);
            json.WriteStartArray("choices");
            for (var i = 0; i < choices.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("index", i);
                json.WriteStartObject("message");
                json.WriteString("role", "assistant");
                json.WriteString("content", choices[i].Text);
                json.WriteNull("refusal");
                json.WriteEndObject();
                LogProbs(json, wantLogProbs ? TokensOf(choices[i].AdditionalProperties) : null);
                json.WriteString("finish_reason", FinishReason(choices[i].FinishReason));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Usage(json, Sum(choices.Select(c => c.Usage)));
            if (wantExtension)
            {
                json.WritePropertyName("rethink");
                if (choices.Count == 1)
                {
                    Extension(json, TrajectoryOf(choices[0].AdditionalProperties), wantTrajectory);
                }
                else
                {
                    json.WriteStartObject();
                    json.WriteStartArray("choices");
                    foreach (var choice in choices)
                    {
                        Extension(json, TrajectoryOf(choice.AdditionalProperties), wantTrajectory);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// One chunk; <paramref name="role"/> and <paramref name="content"/> go in the delta when not null, and
    /// <paramref name="tokens"/>, when not null, in <c>logprobs.content</c>.
    /// </summary>
    public static byte[] Chunk(string id, long created, string model, string? role, string? content, ChatFinishReason? finish, bool includeUsageNull, IReadOnlyList<TokenLogProbability>? tokens = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            json.WriteStartObject();
            Header(json, id, "chat.completion.chunk", created, model);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            if (role is not null)
            {
                json.WriteString("role", role);
            }

            if (content is not null)
            {
                json.WriteString("content", content);
            }

            json.WriteEndObject();
            LogProbs(json, tokens);
            if (finish is { } f)
            {
                json.WriteString("finish_reason", FinishReason(f));
            }
            else
            {
                json.WriteNull("finish_reason");
            }

            json.WriteEndObject();
            json.WriteEndArray();
            if (includeUsageNull)
            {
                json.WriteNull("usage");
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The last chunk of a stream when usage or the extension was asked for: empty choices.</summary>
    public static byte[] TrailerChunk(string id, long created, string model, UsageDetails? usage, bool includeUsage, bool wantExtension, Trajectory? trajectory, bool wantTrajectory)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            json.WriteStartObject();
            Header(json, id, "chat.completion.chunk", created, model);
            json.WriteStartArray("choices");
            json.WriteEndArray();
            if (includeUsage)
            {
                Usage(json, usage);
            }

            if (wantExtension)
            {
                json.WritePropertyName("rethink");
                Extension(json, trajectory, wantTrajectory);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Trajectory? TrajectoryOf(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(RethinkProperties.Trajectory, out var t) ? t as Trajectory : null;

    /// <summary>The reported tokens of a response or update, or null when the provider reported none.</summary>
    public static IReadOnlyList<TokenLogProbability>? TokensOf(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(RethinkProperties.TokenProbabilities, out var t) ? t as IReadOnlyList<TokenLogProbability> : null;

    public static UsageDetails? Sum(IEnumerable<UsageDetails?> usages)
    {
        UsageDetails? total = null;
        foreach (var usage in usages)
        {
            if (usage is null)
            {
                continue;
            }

            total ??= new UsageDetails();
            total.Add(usage);
        }

        return total;
    }

    private static void Header(Utf8JsonWriter json, string id, string kind, long created, string model)
    {
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
        json.WriteNull("system_fingerprint");
    }

    // OpenAI's shape: {"content": [{"token", "logprob", "bytes", "top_logprobs": [...]}], "refusal": null}, or null.
    private static void LogProbs(Utf8JsonWriter json, IReadOnlyList<TokenLogProbability>? tokens)
    {
        if (tokens is null)
        {
            json.WriteNull("logprobs");
            return;
        }

        json.WriteStartObject("logprobs");
        json.WriteStartArray("content");
        foreach (var token in tokens)
        {
            json.WriteStartObject();
            Token(json, token);
            json.WriteStartArray("top_logprobs");
            foreach (var alternative in token.TopAlternatives)
            {
                json.WriteStartObject();
                Token(json, alternative);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNull("refusal");
        json.WriteEndObject();
    }

    private static void Token(Utf8JsonWriter json, TokenLogProbability token)
    {
        json.WriteString("token", token.Token);
        json.WriteNumber("logprob", token.LogProb);
        json.WriteStartArray("bytes");
        foreach (var b in token.Bytes)
        {
            json.WriteNumberValue(b);
        }

        json.WriteEndArray();
    }

    private static void Usage(Utf8JsonWriter json, UsageDetails? usage)
    {
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", input);
        json.WriteNumber("completion_tokens", output);
        json.WriteNumber("total_tokens", usage?.TotalTokenCount ?? input + output);
        json.WriteEndObject();
    }

    private static void Extension(Utf8JsonWriter json, Trajectory? trajectory, bool wantTrajectory)
    {
        json.WriteStartObject();
        json.WriteString("note", "Rethink extension; not part of the OpenAI API.");
        if (trajectory is null)
        {
            json.WriteNull("strategy");
            json.WriteEndObject();
            return;
        }

        json.WriteString("strategy", trajectory.Strategy);
        json.WriteString("stop_reason", trajectory.StopReason);
        json.WriteNumber("turns", trajectory.Turns.Count);
        json.WriteNumber("calls", trajectory.Calls.Count());
        if (trajectory.Final.Answer is { } answer)
        {
            json.WriteString("final_answer", answer);
        }
        else
        {
            json.WriteNull("final_answer");
        }

        json.WriteStartObject("usage_by_role");
        foreach (var role in Enum.GetValues<ModelRole>())
        {
            var usage = trajectory.UsageOf(role);
            if (usage == TokenUsage.Zero && !trajectory.Calls.Any(c => c.Role == role))
            {
                continue;
            }

            json.WriteStartObject(JsonNamingPolicy.SnakeCaseLower.ConvertName(role.ToString()));
            json.WriteNumber("prompt_tokens", usage.InputTokens);
            json.WriteNumber("completion_tokens", usage.OutputTokens);
            json.WriteNumber("total_tokens", usage.TotalTokens);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (wantTrajectory)
        {
            json.WritePropertyName("trajectory");
            JsonSerializer.Serialize(json, trajectory, TrajectoryJson);
        }

        json.WriteEndObject();
    }

    private static string FinishReason(ChatFinishReason? reason) =>
        reason is null || reason == ChatFinishReason.Stop ? "stop"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason.Value.Value;

    private static JsonSerializerOptions CreateTrajectoryJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Encoder = WireJson.Writer.Encoder,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
