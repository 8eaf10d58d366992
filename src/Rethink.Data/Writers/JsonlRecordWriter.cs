namespace Rethink.Data;

/// <summary>
/// Our own JSONL: one <see cref="TrainingRecord"/> per line with every field, provenance included, in a fixed property
/// order (schema: <c>Schemas/rethink-training-record.schema.json</c>, also embedded as a resource; read back with
/// <see cref="TrainingRecordReader"/>). Any kind, and several kinds in one file. Immutable and thread-safe.
/// </summary>
public sealed class JsonlRecordWriter : IRecordWriter
{
    /// <summary>The name of the embedded JSON Schema resource.</summary>
    public const string SchemaResourceName = "Rethink.Data.Schemas.rethink-training-record.schema.json";

    /// <inheritdoc />
    public string Format => ExportFormat.Jsonl;

    /// <summary>The JSON Schema (draft 2020-12) every line of this format satisfies, from the embedded resource.</summary>
    public static string ReadSchema()
    {
        using var stream = typeof(JsonlRecordWriter).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<TrainingRecord> records, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            if (!ExportKind.IsKnown(record.Kind))
            {
                throw new NotSupportedException($"Record {record.Id} has unknown kind '{record.Kind}'.");
            }
        }

        return JsonLines.WriteAsync(records, destination, TrainingRecordJson.Write, cancellationToken);
    }
}
