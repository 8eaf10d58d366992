using System.Text.Json;

namespace Rethink.Data;

/// <summary>
/// TRL conversational JSONL, one dataset type per kind: sft → language modeling <c>{"messages":[...]}</c> (prompt then
/// completion); correction → prompt-completion <c>{"prompt":[...],"completion":[...]}</c>, so the first answer in the
/// prompt is context, never a training target; preference → <c>{"prompt":[...],"chosen":[...],"rejected":[...]}</c>;
/// critique and judgement → unpaired preference (KTO) <c>{"prompt":[...],"completion":[...],"label":bool}</c> with
/// label = agrees with gold. Refused (<see cref="NotSupportedException"/>): judgement records without a gold label
/// (build with <c>JudgementOptions.RequireGold</c>); several kinds in one file. Immutable and thread-safe.
/// </summary>
public sealed class TrlWriter : IRecordWriter
{
    /// <inheritdoc />
    public string Format => ExportFormat.Trl;

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<TrainingRecord> records, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var kind = JsonLines.SingleKind(records, Format);
        if (kind is ExportKind.Critique or ExportKind.Judgement && records.FirstOrDefault(r => r.Details.Agrees is null) is { } bad)
        {
            throw new NotSupportedException(
                $"The trl format writes {kind} records as unpaired preference data, whose boolean label is agreement with gold; record {bad.Id} has no gold label. Build with JudgementOptions.RequireGold = true, or use the jsonl format.");
        }

        Action<Utf8JsonWriter, TrainingRecord> write = kind switch
        {
            ExportKind.Sft => WriteLanguageModeling,
            ExportKind.Correction => WritePromptCompletion,
            ExportKind.Preference => WritePreference,
            _ => WriteUnpaired,
        };
        return JsonLines.WriteAsync(records, destination, write, cancellationToken);
    }

    private static void WriteLanguageModeling(Utf8JsonWriter w, TrainingRecord r)
    {
        w.WriteStartObject();
        w.WritePropertyName("messages");
        TrainingRecordJson.WriteMessageArray(w, r.Prompt.Concat(r.Completion ?? []));
        w.WriteEndObject();
    }

    private static void WritePromptCompletion(Utf8JsonWriter w, TrainingRecord r)
    {
        w.WriteStartObject();
        TrainingRecordJson.WriteMessages(w, "prompt", r.Prompt);
        TrainingRecordJson.WriteMessages(w, "completion", r.Completion ?? []);
        w.WriteEndObject();
    }

    private static void WritePreference(Utf8JsonWriter w, TrainingRecord r)
    {
        w.WriteStartObject();
        TrainingRecordJson.WriteMessages(w, "prompt", r.Prompt);
        TrainingRecordJson.WriteMessages(w, "chosen", r.Chosen ?? []);
        TrainingRecordJson.WriteMessages(w, "rejected", r.Rejected ?? []);
        w.WriteEndObject();
    }

    private static void WriteUnpaired(Utf8JsonWriter w, TrainingRecord r)
    {
        w.WriteStartObject();
        TrainingRecordJson.WriteMessages(w, "prompt", r.Prompt);
        TrainingRecordJson.WriteMessages(w, "completion", r.Completion ?? []);
        w.WriteBoolean("label", r.Details.Agrees == true);
        w.WriteEndObject();
    }
}
