using System.Text.Json;
using Rethink.Core;

namespace Rethink.Data;

/// <summary>
/// OpenAI fine-tuning JSONL. sft, correction, critique and judgement: chat format
/// <c>{"messages":[{"role","content"},...]}</c>, prompt then completion; when the prompt holds assistant messages (a
/// correction's first answer), every assistant message gets <c>"weight"</c>: 0 in the prompt, 1 for the target, so only
/// the target is trained on. preference: DPO format <c>{"input":{"messages":[...]},"preferred_output":[...],
/// "non_preferred_output":[...]}</c>. Refused (<see cref="NotSupportedException"/>): critique and judgement records that
/// do not agree with gold, since the chat format has no label and would teach wrong verdicts (build with
/// <c>OnlyAgreeing</c>, or use trl or jsonl); several kinds in one file. Immutable and thread-safe.
/// </summary>
public sealed class OpenAiWriter : IRecordWriter
{
    /// <inheritdoc />
    public string Format => ExportFormat.OpenAi;

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<TrainingRecord> records, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var kind = JsonLines.SingleKind(records, Format);
        if (kind is ExportKind.Critique or ExportKind.Judgement && records.FirstOrDefault(r => r.Details.Agrees != true) is { } bad)
        {
            var option = kind == ExportKind.Critique ? "CritiqueOptions.OnlyAgreeing" : "JudgementOptions.OnlyAgreeing";
            throw new NotSupportedException(
                $"The openai format cannot express {kind} record {bad.Id} (label {bad.Label ?? "none"}): chat fine-tuning has no label, so it would train on a verdict that disagrees with gold. Build with {option} = true to write agreeing records only, or use the trl or jsonl format.");
        }

        return JsonLines.WriteAsync(records, destination, kind == ExportKind.Preference ? WriteDpo : WriteChat, cancellationToken);
    }

    private static void WriteChat(Utf8JsonWriter w, TrainingRecord r)
    {
        var weighted = r.Prompt.Any(m => m.Role == MessageRoles.Assistant);
        w.WriteStartObject();
        w.WritePropertyName("messages");
        w.WriteStartArray();
        foreach (var m in r.Prompt)
        {
            WriteMessage(w, m, weighted ? 0 : null);
        }

        foreach (var m in r.Completion ?? [])
        {
            WriteMessage(w, m, weighted ? 1 : null);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDpo(Utf8JsonWriter w, TrainingRecord r)
    {
        w.WriteStartObject();
        w.WritePropertyName("input");
        w.WriteStartObject();
        TrainingRecordJson.WriteMessages(w, "messages", r.Prompt);
        w.WriteEndObject();
        TrainingRecordJson.WriteMessages(w, "preferred_output", r.Chosen ?? []);
        TrainingRecordJson.WriteMessages(w, "non_preferred_output", r.Rejected ?? []);
        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, Message m, int? weight)
    {
        w.WriteStartObject();
        w.WriteString("role", m.Role);
        w.WriteString("content", m.Text);
        if (weight is { } value && m.Role == MessageRoles.Assistant)
        {
            w.WriteNumber("weight", value);
        }

        w.WriteEndObject();
    }
}
