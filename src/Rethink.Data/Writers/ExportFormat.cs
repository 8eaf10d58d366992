namespace Rethink.Data;

/// <summary>The formats an export writes, and the writer of each. Names are what the CLI accepts, so they never change.</summary>
public static class ExportFormat
{
    /// <summary>OpenAI fine-tuning JSONL: chat (<c>messages</c>) for most kinds, DPO for preference (<see cref="OpenAiWriter"/>).</summary>
    public const string OpenAi = "openai";

    /// <summary>TRL conversational JSONL: language modeling, prompt-completion, preference, unpaired preference (<see cref="TrlWriter"/>).</summary>
    public const string Trl = "trl";

    /// <summary>Our own JSONL: every field, provenance included (<see cref="JsonlRecordWriter"/>; schema in Schemas/).</summary>
    public const string Jsonl = "jsonl";

    /// <summary>Parquet as the Hugging Face datasets library reads it (<see cref="ParquetRecordWriter"/>).</summary>
    public const string Parquet = "parquet";

    /// <summary>Every format.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenAi, Trl, Jsonl, Parquet];

    /// <summary>The writer of <paramref name="format"/>; throws <see cref="ArgumentException"/> naming the known formats for any other.</summary>
    public static IRecordWriter Writer(string format) => format switch
    {
        OpenAi => new OpenAiWriter(),
        Trl => new TrlWriter(),
        Jsonl => new JsonlRecordWriter(),
        Parquet => new ParquetRecordWriter(),
        _ => throw new ArgumentException($"Unknown export format '{format}' (known: {string.Join(", ", All)}).", nameof(format)),
    };
}
