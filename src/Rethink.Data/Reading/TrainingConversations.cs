using System.Text;
using System.Text.Json;
using Rethink.Core;

namespace Rethink.Data;

/// <summary>
/// Reads a chat training file into conversations for supervised fine-tuning, whatever the export format: Rethink's
/// jsonl and Parquet (prompt, then the completion's assistant replies trained), TRL's <c>messages</c> (every assistant
/// reply trained), <c>prompt</c>/<c>completion</c> (the completion trained; with a <c>label</c>, only records labelled
/// true), and OpenAI's chat format (every assistant reply trained unless its <c>weight</c> is 0). Preference files are
/// refused: a chosen/rejected pair trains with preference optimisation, not by imitation. Errors name the file and line.
/// </summary>
public static class TrainingConversations
{
    /// <summary>What a file yielded: the conversations, and how many records were left out because they are labelled false.</summary>
    /// <param name="Conversations">The conversations, in file order.</param>
    /// <param name="SkippedUnlabelled">Records of an unpaired (KTO-style) file whose label is false.</param>
    public sealed record Result(IReadOnlyList<TrainingConversation> Conversations, int SkippedUnlabelled);

    /// <summary>Reads <paramref name="path"/>. Throws <see cref="InvalidDataException"/> naming the file and line for anything it cannot train on.</summary>
    public static async Task<Result> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length >= 4 && bytes.AsSpan(0, 4).SequenceEqual("PAR1"u8))
        {
            using var parquet = new MemoryStream(bytes, writable: false);
            var records = await ParquetRecordReader.ReadAllAsync(parquet, cancellationToken).ConfigureAwait(false);
            return new Result(records.Select((r, i) => FromRecord(r, path, i + 1)).ToList(), 0);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: neither Parquet nor UTF-8 text", e);
        }

        var conversations = new List<TrainingConversation>();
        var skipped = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var number = i + 1;
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not JSON: {e.Message}", e);
            }

            if (Read(root, line, path, number) is { } conversation)
            {
                conversations.Add(conversation);
            }
            else
            {
                skipped++;
            }
        }

        return new Result(conversations, skipped);
    }

    private static TrainingConversation? Read(JsonElement root, string line, string path, int number)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}:{number}: expected a JSON object");
        }

        if (root.TryGetProperty("schema_version", out _))
        {
            return FromRecord(TrainingRecordReader.Parse(line, number), path, number);
        }

        if (root.TryGetProperty("chosen", out _) || root.TryGetProperty("preferred_output", out _))
        {
            throw new InvalidDataException($"{path}:{number}: a preference record (chosen/rejected); those train with preference optimisation, not supervised fine-tuning");
        }

        if (root.TryGetProperty("messages", out var messages))
        {
            var (list, weights) = Messages(messages, path, number, "messages");
            var trained = list.Select((m, i) => m.Role == MessageRoles.Assistant && weights[i] != 0).ToList();
            return Checked(new TrainingConversation(list, trained, number), path);
        }

        if (root.TryGetProperty("prompt", out var prompt) && root.TryGetProperty("completion", out var completion))
        {
            if (root.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.False)
            {
                return null;
            }

            var (context, _) = Messages(prompt, path, number, "prompt");
            var (reply, _) = Messages(completion, path, number, "completion");
            return Checked(new TrainingConversation([.. context, .. reply], [.. context.Select(_ => false), .. reply.Select(m => m.Role == MessageRoles.Assistant)], number), path);
        }

        throw new InvalidDataException($"{path}:{number}: not a chat training record (expected messages, or prompt and completion)");
    }

    private static TrainingConversation FromRecord(TrainingRecord record, string path, int number)
    {
        if (record.Completion is not { } completion)
        {
            throw new InvalidDataException($"{path}:{number}: a {record.Kind} record without a completion; preference records train with preference optimisation, not supervised fine-tuning");
        }

        return Checked(new TrainingConversation([.. record.Prompt, .. completion], [.. record.Prompt.Select(_ => false), .. completion.Select(m => m.Role == MessageRoles.Assistant)], number), path);
    }

    private static TrainingConversation Checked(TrainingConversation conversation, string path) =>
        conversation.Trained.Any(t => t)
            ? conversation
            : throw new InvalidDataException($"{path}:{conversation.Line}: the record has no assistant reply to learn");

    private static (List<Message> Messages, List<double> Weights) Messages(JsonElement array, string path, int number, string field)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}:{number}: field '{field}': expected an array of messages");
        }

        var messages = new List<Message>();
        var weights = new List<double>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{path}:{number}: field '{field}': every message needs a string role and content");
            }

            var name = role.GetString()!;
            if (name is not (MessageRoles.System or MessageRoles.User or MessageRoles.Assistant))
            {
                throw new InvalidDataException($"{path}:{number}: field '{field}': role '{name}' is not system, user or assistant");
            }

            messages.Add(new Message(name, content.GetString()!));
            weights.Add(item.TryGetProperty("weight", out var weight) && weight.ValueKind == JsonValueKind.Number ? weight.GetDouble() : 1);
        }

        return (messages, weights);
    }
}
