using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Rethink.Data.Tests;

public sealed class ParquetTests
{
    public static TheoryData<string, string[]> Layouts() => new()
    {
        { ExportKind.Sft, ["id", "kind", "record_label", "messages", "prompt_size", "details", "provenance"] },
        { ExportKind.Correction, ["id", "kind", "record_label", "prompt", "completion", "details", "provenance"] },
        { ExportKind.Preference, ["id", "kind", "record_label", "prompt", "chosen", "rejected", "details", "provenance", "rejected_provenance"] },
        { ExportKind.Critique, ["id", "kind", "record_label", "prompt", "completion", "label", "details", "provenance"] },
        { ExportKind.Judgement, ["id", "kind", "record_label", "prompt", "completion", "label", "details", "provenance"] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Parquet_has_the_columns_and_nested_types_the_datasets_library_expects_and_reads_back_equal(string kind, string[] columns)
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        var pipeline = StandardExports.For(kit, kind);
        var records = (await pipeline.BuildAsync()).Records;

        var bytes = await DataTestKit.WriteAsync(pipeline, ExportFormat.Parquet);
        using var stream = new MemoryStream(bytes);
        await using var reader = await ParquetReader.CreateAsync(stream);

        Assert.Equal(columns, reader.Schema.Fields.Select(f => f.Name));
        var physical = Tree(reader.Metadata!.Schema);
        foreach (var name in new[] { "messages", "prompt", "completion", "chosen", "rejected" }.Where(columns.Contains))
        {
            AssertMessageList(reader.Schema.Fields.Single(f => f.Name == name));
            AssertPhysicalMessageList(physical.Children.Single(c => c.Element.Name == name));
        }

        var provenance = Assert.IsType<StructField>(reader.Schema.Fields.Single(f => f.Name == "provenance"));
        Assert.Equal(
            ["run_id", "strategy", "strategy_fingerprint", "model", "problem_id", "dataset_path", "dataset_sha256", "sample", "seed", "verifier", "verdict_reason"],
            provenance.Fields.Select(f => f.Name));
        if (columns.Contains("label"))
        {
            Assert.Equal(Parquet.Meta.Type.BOOLEAN, physical.Children.Single(c => c.Element.Name == "label").Element.Type);
        }

        Assert.Equal(records.Count, checked((int)reader.Metadata!.NumRows));
        stream.Position = 0;
        Assert.Equal(records, await ParquetRecordReader.ReadAllAsync(stream));
    }

    [Fact]
    public async Task Parquet_bytes_are_stable_across_processes()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        Golden.Match("preference.parquet", await DataTestKit.WriteAsync(StandardExports.For(kit, ExportKind.Preference), ExportFormat.Parquet));
    }

    private static void AssertMessageList(Field field)
    {
        var list = Assert.IsType<ListField>(field);
        var item = Assert.IsType<StructField>(list.Item);
        Assert.Equal(["role", "content"], item.Fields.Select(f => f.Name));
    }

    // list<struct<role: string, content: string>> as Arrow (and so the datasets library) reads it: the three-level
    // LIST annotation, a repeated group, an element group holding two UTF-8 byte-array columns.
    private static void AssertPhysicalMessageList(Node column)
    {
        Assert.Equal(ConvertedType.LIST, column.Element.ConvertedType);
        var repeated = Assert.Single(column.Children);
        Assert.Equal(FieldRepetitionType.REPEATED, repeated.Element.RepetitionType);
        var element = Assert.Single(repeated.Children);
        Assert.Null(element.Element.Type);
        Assert.Equal(["role", "content"], element.Children.Select(c => c.Element.Name));
        Assert.All(element.Children, c =>
        {
            Assert.Equal(Parquet.Meta.Type.BYTE_ARRAY, c.Element.Type);
            Assert.True(c.Element.ConvertedType == ConvertedType.UTF8 || c.Element.LogicalType?.STRING is not null, $"{c.Element.Name} is not annotated as a string");
        });
    }

    private static Node Tree(List<SchemaElement> elements)
    {
        var position = 0;
        Node Read()
        {
            var element = elements[position++];
            var children = Enumerable.Range(0, element.NumChildren ?? 0).Select(_ => Read()).ToList();
            return new Node(element, children);
        }

        return Read();
    }

    private sealed record Node(SchemaElement Element, IReadOnlyList<Node> Children);
}
