using System.Runtime.CompilerServices;

namespace Rethink.Data.Tests;

public sealed class SchemaTests
{
    public static TheoryData<string> Kinds() => [.. ExportKind.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_jsonl_record_validates_against_the_schema_and_carries_provenance(string kind)
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        var lines = DataTestKit.Lines(await DataTestKit.WriteAsync(StandardExports.For(kit, kind), ExportFormat.Jsonl));

        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            SchemaCheck.AssertValid(SchemaCheck.Record, line);
            var record = TrainingRecordReader.Parse(line);
            Assert.False(string.IsNullOrEmpty(record.Provenance.RunId));
            Assert.False(string.IsNullOrEmpty(record.Provenance.Model));
            Assert.False(string.IsNullOrEmpty(record.Provenance.ProblemId));
            Assert.False(string.IsNullOrEmpty(record.Provenance.Verifier));
            Assert.False(string.IsNullOrEmpty(record.Provenance.VerdictReason));
            Assert.NotNull(record.Provenance.DatasetSha256);
            Assert.Equal(TrainingRecord.ComputeId(record), record.Id);
        }
    }

    [Fact]
    public void The_schema_rejects_a_record_without_provenance_and_a_preference_with_a_completion()
    {
        var line = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Golden", "preference.jsonl")).First();
        var withoutProvenance = line.Replace("\"provenance\":", "\"origin\":", StringComparison.Ordinal);
        var withCompletion = line.Replace("\"completion\":null", "\"completion\":[{\"role\":\"assistant\",\"content\":\"x\"}]", StringComparison.Ordinal);

        SchemaCheck.AssertValid(SchemaCheck.Record, line);
        Assert.NotEmpty(SchemaCheck.Errors(SchemaCheck.Record, withoutProvenance));
        Assert.NotEmpty(SchemaCheck.Errors(SchemaCheck.Record, withCompletion));
    }

    [Fact]
    public void The_embedded_schema_is_the_file_in_the_repository()
    {
        var path = Path.Combine(SourceDirectory(), "..", "..", "src", "Rethink.Data", "Schemas", "rethink-training-record.schema.json");

        Assert.Equal(File.ReadAllText(path), JsonlRecordWriter.ReadSchema());
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
