using System.Text.Json.Serialization;
using Rethink.Core;

namespace Rethink.Data;

// Row shapes of the Parquet format, one per dataset type, so a file has exactly the columns TRL and the Hugging Face
// datasets library look for (a "messages" column present in a preference file would change how TRL reads it).
// Parquet.Net's class serializer maps List<class> to list<struct> and a class property to a struct column; names come
// from [JsonPropertyName].
internal sealed class ParquetMessage
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }

    public static List<ParquetMessage> From(IEnumerable<Message>? messages) =>
        (messages ?? []).Select(m => new ParquetMessage { Role = m.Role, Content = m.Text }).ToList();

    public static List<Message> To(IEnumerable<ParquetMessage>? messages) =>
        (messages ?? []).Select(m => new Message(m.Role ?? string.Empty, m.Content ?? string.Empty)).ToList();
}

internal sealed class ParquetProvenance
{
    [JsonPropertyName("run_id")]
    public string? RunId { get; set; }

    [JsonPropertyName("strategy")]
    public string? Strategy { get; set; }

    [JsonPropertyName("strategy_fingerprint")]
    public string? StrategyFingerprint { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("problem_id")]
    public string? ProblemId { get; set; }

    [JsonPropertyName("dataset_path")]
    public string? DatasetPath { get; set; }

    [JsonPropertyName("dataset_sha256")]
    public string? DatasetSha256 { get; set; }

    [JsonPropertyName("sample")]
    public int Sample { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("verifier")]
    public string? Verifier { get; set; }

    [JsonPropertyName("verdict_reason")]
    public string? VerdictReason { get; set; }

    public static ParquetProvenance From(RecordProvenance p) => new()
    {
        RunId = p.RunId,
        Strategy = p.Strategy,
        StrategyFingerprint = p.StrategyFingerprint,
        Model = p.Model,
        ProblemId = p.ProblemId,
        DatasetPath = p.DatasetPath,
        DatasetSha256 = p.DatasetSha256,
        Sample = p.Sample,
        Seed = p.Seed,
        Verifier = p.Verifier,
        VerdictReason = p.VerdictReason,
    };

    public RecordProvenance To() => new()
    {
        RunId = RunId ?? string.Empty,
        Strategy = Strategy ?? string.Empty,
        StrategyFingerprint = StrategyFingerprint,
        Model = Model ?? string.Empty,
        ProblemId = ProblemId ?? string.Empty,
        DatasetPath = DatasetPath,
        DatasetSha256 = DatasetSha256,
        Sample = Sample,
        Seed = Seed,
        Verifier = Verifier ?? string.Empty,
        VerdictReason = VerdictReason ?? string.Empty,
    };
}

internal sealed class ParquetDetails
{
    [JsonPropertyName("first_correct")]
    public bool? FirstCorrect { get; set; }

    [JsonPropertyName("gold_correct")]
    public bool? GoldCorrect { get; set; }

    [JsonPropertyName("critic_label")]
    public string? CriticLabel { get; set; }

    [JsonPropertyName("critic_model")]
    public string? CriticModel { get; set; }

    [JsonPropertyName("critiqued_answer")]
    public string? CritiquedAnswer { get; set; }

    [JsonPropertyName("agrees")]
    public bool? Agrees { get; set; }

    [JsonPropertyName("judging_run_id")]
    public string? JudgingRunId { get; set; }

    [JsonPropertyName("pair_id")]
    public string? PairId { get; set; }

    [JsonPropertyName("margin")]
    public double? Margin { get; set; }

    [JsonPropertyName("consistent")]
    public bool? Consistent { get; set; }

    [JsonPropertyName("winner")]
    public string? Winner { get; set; }

    [JsonPropertyName("gold_winner")]
    public string? GoldWinner { get; set; }

    [JsonPropertyName("shown_first")]
    public string? ShownFirst { get; set; }

    [JsonPropertyName("choice")]
    public string? Choice { get; set; }

    public static ParquetDetails From(RecordDetails d) => new()
    {
        FirstCorrect = d.FirstCorrect,
        GoldCorrect = d.GoldCorrect,
        CriticLabel = d.CriticLabel,
        CriticModel = d.CriticModel,
        CritiquedAnswer = d.CritiquedAnswer,
        Agrees = d.Agrees,
        JudgingRunId = d.JudgingRunId,
        PairId = d.PairId,
        Margin = d.Margin,
        Consistent = d.Consistent,
        Winner = d.Winner,
        GoldWinner = d.GoldWinner,
        ShownFirst = d.ShownFirst,
        Choice = d.Choice,
    };

    public RecordDetails To() => new()
    {
        FirstCorrect = FirstCorrect,
        GoldCorrect = GoldCorrect,
        CriticLabel = CriticLabel,
        CriticModel = CriticModel,
        CritiquedAnswer = CritiquedAnswer,
        Agrees = Agrees,
        JudgingRunId = JudgingRunId,
        PairId = PairId,
        Margin = Margin,
        Consistent = Consistent,
        Winner = Winner,
        GoldWinner = GoldWinner,
        ShownFirst = ShownFirst,
        Choice = Choice,
    };
}

internal sealed class MessagesRow
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("record_label")]
    public string? RecordLabel { get; set; }

    [JsonPropertyName("messages")]
    public List<ParquetMessage>? Messages { get; set; }

    // How many leading messages are the prompt, so the record splits back exactly.
    [JsonPropertyName("prompt_size")]
    public int PromptSize { get; set; }

    [JsonPropertyName("details")]
    public ParquetDetails? Details { get; set; }

    [JsonPropertyName("provenance")]
    public ParquetProvenance? Provenance { get; set; }
}

internal sealed class PromptCompletionRow
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("record_label")]
    public string? RecordLabel { get; set; }

    [JsonPropertyName("prompt")]
    public List<ParquetMessage>? Prompt { get; set; }

    [JsonPropertyName("completion")]
    public List<ParquetMessage>? Completion { get; set; }

    [JsonPropertyName("details")]
    public ParquetDetails? Details { get; set; }

    [JsonPropertyName("provenance")]
    public ParquetProvenance? Provenance { get; set; }
}

internal sealed class PreferenceRow
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("record_label")]
    public string? RecordLabel { get; set; }

    [JsonPropertyName("prompt")]
    public List<ParquetMessage>? Prompt { get; set; }

    [JsonPropertyName("chosen")]
    public List<ParquetMessage>? Chosen { get; set; }

    [JsonPropertyName("rejected")]
    public List<ParquetMessage>? Rejected { get; set; }

    [JsonPropertyName("details")]
    public ParquetDetails? Details { get; set; }

    [JsonPropertyName("provenance")]
    public ParquetProvenance? Provenance { get; set; }

    [JsonPropertyName("rejected_provenance")]
    public ParquetProvenance? RejectedProvenance { get; set; }
}

internal sealed class UnpairedRow
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("record_label")]
    public string? RecordLabel { get; set; }

    [JsonPropertyName("prompt")]
    public List<ParquetMessage>? Prompt { get; set; }

    [JsonPropertyName("completion")]
    public List<ParquetMessage>? Completion { get; set; }

    // TRL's unpaired-preference label: agreement with gold; null when there is no gold label.
    [JsonPropertyName("label")]
    public bool? Label { get; set; }

    [JsonPropertyName("details")]
    public ParquetDetails? Details { get; set; }

    [JsonPropertyName("provenance")]
    public ParquetProvenance? Provenance { get; set; }
}
