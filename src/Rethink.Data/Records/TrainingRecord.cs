using System.Security.Cryptography;
using Rethink.Core;

namespace Rethink.Data;

/// <summary>
/// One exported record, the same shape for every kind: the prompt messages, then either a completion (sft,
/// correction, critique, judgement) or a chosen/rejected pair (preference), an optional label, kind-specific
/// <see cref="Details"/> and the <see cref="Provenance"/> every record carries. Writers map it onto each format; the
/// jsonl format writes every field (schema: <c>Schemas/rethink-training-record.schema.json</c>). Immutable; equality
/// compares every field, message lists element by element.
/// </summary>
/// <remarks>
/// Prompts and completions are model output and dataset text: a consumer that feeds them to a model inherits their
/// prompt-injection risk.
/// </remarks>
public sealed record TrainingRecord
{
    /// <summary>Length of <see cref="Id"/> in hex digits (128 bits of SHA-256).</summary>
    public const int IdLength = 32;

    /// <summary>Deterministic id: see <see cref="ComputeId"/>.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="ExportKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The conversation the target answers, in order.</summary>
    public required IReadOnlyList<Message> Prompt { get; init; }

    /// <summary>The target messages (one assistant message); null for preference records.</summary>
    public IReadOnlyList<Message>? Completion { get; init; }

    /// <summary>Preference: the preferred assistant messages; null for other kinds.</summary>
    public IReadOnlyList<Message>? Chosen { get; init; }

    /// <summary>Preference: the dispreferred assistant messages; null for other kinds.</summary>
    public IReadOnlyList<Message>? Rejected { get; init; }

    /// <summary>A class label from <see cref="RecordLabels"/>, per kind; null when the kind has none.</summary>
    public string? Label { get; init; }

    /// <summary>Kind-specific fields.</summary>
    public RecordDetails Details { get; init; } = RecordDetails.None;

    /// <summary>Where the content (the completion, or the chosen side) came from.</summary>
    public required RecordProvenance Provenance { get; init; }

    /// <summary>Preference: where the rejected side came from (the same trajectory for refinement pairs); else null.</summary>
    public RecordProvenance? RejectedProvenance { get; init; }

    /// <summary>
    /// The id a record with this content and provenance has: the first <see cref="IdLength"/> lower-case hex digits of
    /// the SHA-256 of its jsonl line written with an empty id. Pure; ignores <paramref name="record"/>'s current id.
    /// </summary>
    public static string ComputeId(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = TrainingRecordJson.ToUtf8(record with { Id = string.Empty });
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..IdLength];
    }

    /// <summary>This record with <see cref="Id"/> set to <see cref="ComputeId"/>.</summary>
    public TrainingRecord WithComputedId() => this with { Id = ComputeId(this) };

    /// <inheritdoc />
    public bool Equals(TrainingRecord? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(Kind, other.Kind, StringComparison.Ordinal)
        && string.Equals(Label, other.Label, StringComparison.Ordinal)
        && Same(Prompt, other.Prompt)
        && Same(Completion, other.Completion)
        && Same(Chosen, other.Chosen)
        && Same(Rejected, other.Rejected)
        && Details == other.Details
        && Provenance == other.Provenance
        && RejectedProvenance == other.RejectedProvenance;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Kind, Label, Provenance);

    private static bool Same(IReadOnlyList<Message>? a, IReadOnlyList<Message>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}
