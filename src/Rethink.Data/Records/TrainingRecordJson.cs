using System.Text.Encodings.Web;
using System.Text.Json;
using Rethink.Core;

namespace Rethink.Data;

// The one place the jsonl schema's field names and order live: the writer, the id hash and the reader all go through
// here, so a record's id and its line can never disagree about what the record contains.
internal static class TrainingRecordJson
{
    public const int SchemaVersion = 1;

    // Relaxed escaping keeps non-ASCII text readable in training files; these files are never embedded in HTML.
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    public static byte[] ToUtf8(TrainingRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, record);
        }

        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter w, TrainingRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteString("id", r.Id);
        w.WriteString("kind", r.Kind);
        WriteNullableString(w, "label", r.Label);
        WriteMessages(w, "prompt", r.Prompt);
        WriteMessages(w, "completion", r.Completion);
        WriteMessages(w, "chosen", r.Chosen);
        WriteMessages(w, "rejected", r.Rejected);
        WriteDetails(w, r.Details);
        w.WritePropertyName("provenance");
        WriteProvenance(w, r.Provenance);
        w.WritePropertyName("rejected_provenance");
        if (r.RejectedProvenance is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteProvenance(w, r.RejectedProvenance);
        }

        w.WriteEndObject();
    }

    public static void WriteMessages(Utf8JsonWriter w, string name, IReadOnlyList<Message>? messages)
    {
        w.WritePropertyName(name);
        if (messages is null)
        {
            w.WriteNullValue();
            return;
        }

        WriteMessageArray(w, messages);
    }

    public static void WriteMessageArray(Utf8JsonWriter w, IEnumerable<Message> messages)
    {
        w.WriteStartArray();
        foreach (var m in messages)
        {
            w.WriteStartObject();
            w.WriteString("role", m.Role);
            w.WriteString("content", m.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static TrainingRecord Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("a record must be a JSON object");
        }

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "schema_version", "id", "kind", "label", "prompt", "completion", "chosen", "rejected", "details", "provenance", "rejected_provenance",
        };
        foreach (var p in e.EnumerateObject())
        {
            if (!known.Contains(p.Name))
            {
                throw new InvalidDataException($"unknown field '{p.Name}'");
            }
        }

        var version = Required(e, "schema_version");
        if (version.ValueKind != JsonValueKind.Number || version.GetInt32() != SchemaVersion)
        {
            throw new InvalidDataException($"schema_version {version.GetRawText()} is not {SchemaVersion}");
        }

        return new TrainingRecord
        {
            Id = RequiredString(e, "id"),
            Kind = RequiredString(e, "kind"),
            Label = OptionalString(e, "label"),
            Prompt = ReadMessages(e, "prompt") ?? throw new InvalidDataException("'prompt' must not be null"),
            Completion = ReadMessages(e, "completion"),
            Chosen = ReadMessages(e, "chosen"),
            Rejected = ReadMessages(e, "rejected"),
            Details = ReadDetails(Required(e, "details")),
            Provenance = ReadProvenance(Required(e, "provenance"), "provenance")
                ?? throw new InvalidDataException("'provenance' must not be null"),
            RejectedProvenance = ReadProvenance(Required(e, "rejected_provenance"), "rejected_provenance"),
        };
    }

    public static IReadOnlyList<Message>? ReadMessages(JsonElement parent, string name)
    {
        var array = Required(parent, name);
        if (array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return ReadMessageArray(array, name);
    }

    public static IReadOnlyList<Message> ReadMessageArray(JsonElement array, string name)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"'{name}' must be an array of messages");
        }

        var list = new List<Message>();
        foreach (var m in array.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"'{name}' holds a message that is not an object");
            }

            list.Add(new Message(RequiredString(m, "role"), RequiredString(m, "content")));
        }

        return list;
    }

    private static void WriteDetails(Utf8JsonWriter w, RecordDetails d)
    {
        w.WritePropertyName("details");
        w.WriteStartObject();
        WriteBool(w, "first_correct", d.FirstCorrect);
        WriteBool(w, "gold_correct", d.GoldCorrect);
        WriteString(w, "critic_label", d.CriticLabel);
        WriteString(w, "critic_model", d.CriticModel);
        WriteString(w, "critiqued_answer", d.CritiquedAnswer);
        WriteBool(w, "agrees", d.Agrees);
        WriteString(w, "judging_run_id", d.JudgingRunId);
        WriteString(w, "pair_id", d.PairId);
        if (d.Margin is { } margin)
        {
            w.WriteNumber("margin", margin);
        }

        WriteBool(w, "consistent", d.Consistent);
        WriteString(w, "winner", d.Winner);
        WriteString(w, "gold_winner", d.GoldWinner);
        WriteString(w, "shown_first", d.ShownFirst);
        WriteString(w, "choice", d.Choice);
        w.WriteEndObject();
    }

    private static RecordDetails ReadDetails(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("'details' must be an object");
        }

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "first_correct", "gold_correct", "critic_label", "critic_model", "critiqued_answer", "agrees", "judging_run_id", "pair_id", "margin", "consistent", "winner", "gold_winner", "shown_first", "choice",
        };
        foreach (var p in e.EnumerateObject())
        {
            if (!known.Contains(p.Name))
            {
                throw new InvalidDataException($"unknown details field '{p.Name}'");
            }
        }

        return new RecordDetails
        {
            FirstCorrect = OptionalBool(e, "first_correct"),
            GoldCorrect = OptionalBool(e, "gold_correct"),
            CriticLabel = OptionalString(e, "critic_label"),
            CriticModel = OptionalString(e, "critic_model"),
            CritiquedAnswer = OptionalString(e, "critiqued_answer"),
            Agrees = OptionalBool(e, "agrees"),
            JudgingRunId = OptionalString(e, "judging_run_id"),
            PairId = OptionalString(e, "pair_id"),
            Margin = e.TryGetProperty("margin", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : null,
            Consistent = OptionalBool(e, "consistent"),
            Winner = OptionalString(e, "winner"),
            GoldWinner = OptionalString(e, "gold_winner"),
            ShownFirst = OptionalString(e, "shown_first"),
            Choice = OptionalString(e, "choice"),
        };
    }

    private static void WriteProvenance(Utf8JsonWriter w, RecordProvenance p)
    {
        w.WriteStartObject();
        w.WriteString("run_id", p.RunId);
        w.WriteString("strategy", p.Strategy);
        WriteNullableString(w, "strategy_fingerprint", p.StrategyFingerprint);
        w.WriteString("model", p.Model);
        w.WriteString("problem_id", p.ProblemId);
        WriteNullableString(w, "dataset_path", p.DatasetPath);
        WriteNullableString(w, "dataset_sha256", p.DatasetSha256);
        w.WriteNumber("sample", p.Sample);
        if (p.Seed is { } seed)
        {
            w.WriteNumber("seed", seed);
        }
        else
        {
            w.WriteNull("seed");
        }

        w.WriteString("verifier", p.Verifier);
        w.WriteString("verdict_reason", p.VerdictReason);
        w.WriteEndObject();
    }

    private static RecordProvenance? ReadProvenance(JsonElement e, string name)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"'{name}' must be an object");
        }

        var sample = Required(e, "sample");
        var seed = Required(e, "seed");
        return new RecordProvenance
        {
            RunId = RequiredString(e, "run_id"),
            Strategy = RequiredString(e, "strategy"),
            StrategyFingerprint = OptionalString(e, "strategy_fingerprint"),
            Model = RequiredString(e, "model"),
            ProblemId = RequiredString(e, "problem_id"),
            DatasetPath = OptionalString(e, "dataset_path"),
            DatasetSha256 = OptionalString(e, "dataset_sha256"),
            Sample = sample.ValueKind == JsonValueKind.Number ? sample.GetInt32() : throw new InvalidDataException($"'{name}.sample' must be a number"),
            Seed = seed.ValueKind == JsonValueKind.Null ? null : seed.GetInt64(),
            Verifier = RequiredString(e, "verifier"),
            VerdictReason = RequiredString(e, "verdict_reason"),
        };
    }

    private static JsonElement Required(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"missing field '{name}'");

    private static string RequiredString(JsonElement e, string name)
    {
        var v = Required(e, name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"'{name}' must be a string");
    }

    private static string? OptionalString(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null
            ? null
            : v.ValueKind == JsonValueKind.String ? v.GetString() : throw new InvalidDataException($"'{name}' must be a string or null");

    private static bool? OptionalBool(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null
            ? null
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new InvalidDataException($"'{name}' must be a boolean");

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteBool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } b)
        {
            w.WriteBoolean(name, b);
        }
    }
}
