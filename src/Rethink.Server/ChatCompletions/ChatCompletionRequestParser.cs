using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.Errors;

namespace Rethink.Server.ChatCompletions;

/// <summary>
/// Reads a chat-completions body field by field, the way OpenAI's reference defines it, and enforces the server's caps.
/// Every refusal is a 400 <see cref="ApiException"/> naming the parameter (<c>messages[2].content</c>). Fields we do not
/// implement but that change nothing for a text answer (<c>user</c>, <c>metadata</c>, <c>store</c>,
/// <c>parallel_tool_calls</c>...) are ignored, as OpenAI-compatible servers commonly do; fields that would change the
/// answer's shape (tools, functions, audio, json_schema) are refused so a client never silently gets something else.
/// </summary>
internal static class ChatCompletionRequestParser
{
    private static readonly string[] Refused = ["tools", "functions", "tool_choice", "function_call", "audio", "modalities", "prediction", "web_search_options"];

    public static ChatCompletionRequest Parse(JsonElement root, ServerOptions limits)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("The request body must be a JSON object.");
        }

        foreach (var name in Refused)
        {
            if (root.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                && !(v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0)
                && !(name == "tool_choice" && v.ValueKind == JsonValueKind.String && v.GetString() == "none"))
            {
                throw ApiException.Invalid($"'{name}' is not supported by this server: it answers with text only.", name, "unsupported_parameter");
            }
        }

        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } name2
            ? name2
            : throw ApiException.Invalid("'model' is required and must be a non-empty string.", "model");
        var messages = ParseMessages(root, limits);
        var options = new ChatOptions
        {
            Temperature = (float?)Number(root, "temperature", 0, 2),
            TopP = (float?)Number(root, "top_p", 0, 1),
            PresencePenalty = (float?)Number(root, "presence_penalty", -2, 2),
            FrequencyPenalty = (float?)Number(root, "frequency_penalty", -2, 2),
            Seed = Integer(root, "seed", long.MinValue, long.MaxValue),
        };

        var maxTokens = Integer(root, "max_completion_tokens", 1, long.MaxValue) ?? Integer(root, "max_tokens", 1, long.MaxValue);
        if (maxTokens is { } cap && cap > limits.MaxOutputTokens)
        {
            var param = root.TryGetProperty("max_completion_tokens", out var mct) && mct.ValueKind == JsonValueKind.Number ? "max_completion_tokens" : "max_tokens";
            throw ApiException.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"'{param}' is {cap}; this server allows at most {limits.MaxOutputTokens}."), param);
        }

        options.MaxOutputTokens = (int?)maxTokens;
        options.StopSequences = Stop(root);
        options.ResponseFormat = ResponseFormat(root);

        var logprobs = Bool(root, "logprobs") ?? false;
        var topLogprobs = Integer(root, "top_logprobs", 0, 20);
        if (topLogprobs is not null && !logprobs)
        {
            throw ApiException.Invalid("'top_logprobs' requires 'logprobs' to be true.", "top_logprobs");
        }

        if (logprobs)
        {
            // Providers that report log-probabilities read these keys.
            options.AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [RethinkProperties.LogProbs] = true,
                [RethinkProperties.TopLogProbs] = (int)(topLogprobs ?? 0),
            };
        }

        var n = (int)(Integer(root, "n", 1, long.MaxValue) ?? 1);
        if (n > limits.MaxChoices)
        {
            throw ApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'n' is {n}; this server allows at most {limits.MaxChoices}."), "n");
        }

        var stream = Bool(root, "stream") ?? false;
        if (stream && n > 1)
        {
            throw ApiException.Invalid("'n' greater than 1 is not supported with 'stream'.", "n");
        }

        var includeUsage = false;
        if (root.TryGetProperty("stream_options", out var so) && so.ValueKind != JsonValueKind.Null)
        {
            if (so.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid("'stream_options' must be an object.", "stream_options");
            }

            if (!stream)
            {
                throw ApiException.Invalid("'stream_options' is only allowed with 'stream': true.", "stream_options");
            }

            includeUsage = Bool(so, "include_usage", "stream_options.include_usage") ?? false;
        }

        var (wantSummary, wantTrajectory, settings) = Extension(root);
        return new ChatCompletionRequest
        {
            Model = model,
            Messages = messages,
            Options = options,
            N = n,
            LogProbs = logprobs,
            Stream = stream,
            IncludeUsage = includeUsage,
            WantExtension = wantSummary || wantTrajectory,
            WantTrajectory = wantTrajectory,
            SettingOverrides = settings,
        };
    }

    private static List<ChatMessage> ParseMessages(JsonElement root, ServerOptions limits)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw ApiException.Invalid("'messages' is required and must be a non-empty array.", "messages");
        }

        if (array.GetArrayLength() > limits.MaxMessages)
        {
            throw ApiException.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"'messages' has {array.GetArrayLength()} items; this server allows at most {limits.MaxMessages}."), "messages");
        }

        var messages = new List<ChatMessage>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"messages[{i}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid($"'{at}' must be an object.", at);
            }

            var role = item.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var chatRole = role switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                null => throw ApiException.Invalid($"'{at}.role' is required.", at + ".role"),
                _ => throw ApiException.Invalid($"'{at}.role' must be one of system, developer, user, assistant; got '{role}'.", at + ".role"),
            };
            var text = Content(item, at, chatRole == ChatRole.Assistant);
            if (text.Length > limits.MaxMessageChars)
            {
                throw ApiException.Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"'{at}.content' has {text.Length} characters; this server allows at most {limits.MaxMessageChars}."), at + ".content");
            }

            messages.Add(new ChatMessage(chatRole, text));
            i++;
        }

        return messages;
    }

    private static string Content(JsonElement message, string at, bool mayBeNull)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return mayBeNull ? string.Empty : throw ApiException.Invalid($"'{at}.content' is required.", at + ".content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.Invalid($"'{at}.content' must be a string or an array of text parts.", at + ".content");
        }

        var text = new StringBuilder();
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partAt = string.Create(CultureInfo.InvariantCulture, $"{at}.content[{j}]");
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type != "text" || !part.TryGetProperty("text", out var pt) || pt.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid($"'{partAt}' must be a text part {{\"type\":\"text\",\"text\":...}}; other content types are not supported.", partAt);
            }

            text.Append(pt.GetString());
            j++;
        }

        return text.ToString();
    }

    private static List<string>? Stop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() > 4 || stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            throw ApiException.Invalid("'stop' must be a string or an array of at most 4 strings.", "stop");
        }

        return stop.EnumerateArray().Select(s => s.GetString()!).ToList();
    }

    private static ChatResponseFormat? ResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var rf) || rf.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = rf.ValueKind == JsonValueKind.Object && rf.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            "text" => ChatResponseFormat.Text,
            "json_object" => ChatResponseFormat.Json,
            _ => throw ApiException.Invalid("'response_format.type' must be 'text' or 'json_object' on this server.", "response_format.type"),
        };
    }

    private static (bool Summary, bool Trajectory, IReadOnlyDictionary<string, string> Settings) Extension(JsonElement root)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("rethink", out var ext) || ext.ValueKind == JsonValueKind.Null)
        {
            return (false, false, settings);
        }

        if (ext.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("'rethink' must be an object: {\"summary\": bool, \"trajectory\": bool, \"settings\": {...}}.", "rethink");
        }

        foreach (var property in ext.EnumerateObject())
        {
            if (property.Name is not ("summary" or "trajectory" or "settings"))
            {
                throw ApiException.Invalid($"'rethink.{property.Name}' is unknown; known: summary, trajectory, settings.", "rethink." + property.Name);
            }
        }

        var summary = Bool(ext, "summary", "rethink.summary") ?? false;
        var trajectory = Bool(ext, "trajectory", "rethink.trajectory") ?? false;
        if (ext.TryGetProperty("settings", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid("'rethink.settings' must be an object of strategy settings.", "rethink.settings");
            }

            foreach (var setting in s.EnumerateObject())
            {
                var key = SettingKeys.Normalize(setting.Name);
                settings[key] = setting.Value.ValueKind switch
                {
                    JsonValueKind.String => setting.Value.GetString()!,
                    JsonValueKind.Number => setting.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw ApiException.Invalid($"'rethink.settings.{setting.Name}' must be a string, number or boolean.", "rethink.settings." + setting.Name),
                };
            }
        }

        return (summary, trajectory, settings);
    }

    private static double? Number(JsonElement root, string name, double min, double max)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || x < min || x > max)
        {
            throw ApiException.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a number from {min} to {max}."), name);
        }

        return x;
    }

    private static long? Integer(JsonElement root, string name, long min, long max)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var x))
        {
            throw ApiException.Invalid($"'{name}' must be an integer.", name);
        }

        if (x < min || x > max)
        {
            throw ApiException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be at least {min}."), name);
        }

        return x;
    }

    private static bool? Bool(JsonElement root, string name, string? param = null)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.Invalid($"'{param ?? name}' must be a boolean.", param ?? name),
        };
    }
}
