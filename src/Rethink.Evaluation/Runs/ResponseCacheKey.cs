using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// Computes response-cache keys: lower-case hex SHA-256 of a canonical JSON document holding the model description,
/// every message (role and text), and every option that affects the output: model id, temperature, top-p, top-k,
/// max output tokens, seed, frequency and presence penalties, stop sequences, instructions, response format,
/// reasoning options, and the primitive entries of <see cref="ChatOptions.AdditionalProperties"/> (sorted by key), which
/// include <see cref="RethinkProperties.SampleIndex"/>, so N samples of one prompt are N keys.
/// <see cref="RethinkProperties.ModelRole"/> is left out: it labels a call without changing what the model sees.
/// Pure and thread-safe.
/// </summary>
public static class ResponseCacheKey
{
    /// <summary>
    /// The key of a request, or null when the request cannot be cached: a message holds non-text content (images,
    /// tool calls or results) or tools are offered, because replaying text alone would not reproduce such a response.
    /// </summary>
    public static string? Compute(string modelDescription, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(modelDescription);
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.Tools is { Count: > 0 })
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("model", modelDescription);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                if (message.Contents.Any(c => c is not TextContent))
                {
                    return null;
                }

                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("text", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (options is not null)
            {
                WriteOptions(json, options);
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteOptions(Utf8JsonWriter json, ChatOptions options)
    {
        json.WriteStartObject("options");
        WriteString(json, "modelId", options.ModelId);
        WriteString(json, "temperature", Format(options.Temperature));
        WriteString(json, "topP", Format(options.TopP));
        WriteString(json, "topK", Format(options.TopK));
        WriteString(json, "maxOutputTokens", Format(options.MaxOutputTokens));
        WriteString(json, "seed", Format(options.Seed));
        WriteString(json, "frequencyPenalty", Format(options.FrequencyPenalty));
        WriteString(json, "presencePenalty", Format(options.PresencePenalty));
        WriteString(json, "instructions", options.Instructions);
        if (options.StopSequences is { } stops)
        {
            json.WriteStartArray("stop");
            foreach (var stop in stops)
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
        }

        if (options.ResponseFormat is { } format)
        {
            WriteString(json, "responseFormat", format.GetType().Name + ":" + JsonSerializer.Serialize(format, AIJsonUtilities.DefaultOptions));
        }

        if (options.Reasoning is { } reasoning)
        {
            WriteString(json, "reasoning", JsonSerializer.Serialize(reasoning, AIJsonUtilities.DefaultOptions));
        }

        if (options.AdditionalProperties is { Count: > 0 } extra)
        {
            json.WriteStartObject("extra");
            foreach (var (key, value) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (key == RethinkProperties.ModelRole)
                {
                    continue;
                }

                // Only values with a stable text form are keyed; objects without one would make every key unique.
                var text = value switch
                {
                    null => "null",
                    string s => "s:" + s,
                    bool b => b ? "b:true" : "b:false",
                    JsonElement e => "j:" + e.GetRawText(),
                    IFormattable f when value.GetType().IsPrimitive || value is decimal => "n:" + f.ToString(null, CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (text is not null)
                {
                    json.WriteString(key, text);
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Format<T>(T? value)
        where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture);
}
