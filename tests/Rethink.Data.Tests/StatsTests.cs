using System.Text;

namespace Rethink.Data.Tests;

public sealed class StatsTests
{
    [Fact]
    public async Task Stats_of_a_jsonl_export_count_kinds_labels_lengths_and_provenance()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        using var file = new MemoryStream(await DataTestKit.WriteAsync(StandardExports.For(kit, ExportKind.Preference), ExportFormat.Jsonl));

        var stats = await DatasetStats.ComputeAsync(file);

        Assert.Equal(ExportFormat.Jsonl, stats.Format);
        Assert.True(stats.HasProvenance);
        Assert.Equal(5, stats.Records);
        Assert.Equal(new Dictionary<string, int> { [ExportKind.Preference] = 5 }, stats.Kinds);
        Assert.Equal(new Dictionary<string, int> { [RecordLabels.Judged] = 3, [RecordLabels.Refinement] = 1, [RecordLabels.Verified] = 1 }, stats.Labels);
        Assert.Equal(new Dictionary<string, int> { ["eval-1"] = 1, ["eval-a"] = 1, ["eval-b"] = 2, ["eval-s"] = 1 }, stats.Runs);
        Assert.Equal(new Dictionary<string, int> { ["direct"] = 2, ["reask"] = 3 }, stats.Strategies);
        Assert.Equal(3, stats.Models.Count);

        // Chosen: "42", "42", "Answer A to p1", "Answer B to p4", "Answer B to p5".
        Assert.Equal(new LengthSummary(5, 2, 14, (2 + 2 + 14 + 14 + 14) / 5.0, 14), stats.TargetChars);
        Assert.Equal(5, stats.RejectedChars.Count);
    }

    [Fact]
    public async Task Stats_read_parquet_back_with_the_same_numbers_as_jsonl()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        foreach (var kind in ExportKind.All)
        {
            var jsonl = await DatasetStats.ComputeAsync(new MemoryStream(await DataTestKit.WriteAsync(StandardExports.For(kit, kind), ExportFormat.Jsonl)));
            var parquet = await DatasetStats.ComputeAsync(new MemoryStream(await DataTestKit.WriteAsync(StandardExports.For(kit, kind), ExportFormat.Parquet)));

            Assert.Equal(ExportFormat.Parquet, parquet.Format);
            Assert.Equal(jsonl with { Format = ExportFormat.Parquet, Kinds = parquet.Kinds, Labels = parquet.Labels, Runs = parquet.Runs, Models = parquet.Models, Strategies = parquet.Strategies }, parquet);
            Assert.Equal(jsonl.Kinds, parquet.Kinds);
            Assert.Equal(jsonl.Labels, parquet.Labels);
            Assert.Equal(jsonl.Runs, parquet.Runs);
        }
    }

    public static TheoryData<string, string, string> Foreign() => new()
    {
        { ExportKind.Sft, ExportFormat.Trl, "messages" },
        { ExportKind.Correction, ExportFormat.OpenAi, "openai-chat" },
        { ExportKind.Correction, ExportFormat.Trl, "trl-prompt-completion" },
        { ExportKind.Preference, ExportFormat.OpenAi, "openai-dpo" },
        { ExportKind.Preference, ExportFormat.Trl, "trl-preference" },
        { ExportKind.Critique, ExportFormat.Trl, "trl-unpaired" },
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task Stats_read_openai_and_trl_files_without_provenance(string kind, string format, string recognised)
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        var records = (await StandardExports.For(kit, kind).BuildAsync()).Records;

        var stats = await DatasetStats.ComputeAsync(new MemoryStream(await DataTestKit.WriteAsync(StandardExports.For(kit, kind), format)));
        var ours = DatasetStats.Compute(records, ExportFormat.Jsonl);

        Assert.Equal(recognised, stats.Format);
        Assert.False(stats.HasProvenance);
        Assert.Empty(stats.Runs);
        Assert.Equal(records.Count, stats.Records);
        Assert.Equal(ours.PromptChars, stats.PromptChars);
        Assert.Equal(ours.TargetChars, stats.TargetChars);
        if (kind == ExportKind.Critique)
        {
            Assert.Equal(new Dictionary<string, int> { ["false"] = 2, ["true"] = 2 }, stats.Labels);
        }
    }

    [Fact]
    public async Task A_file_of_no_known_format_is_refused_naming_the_line()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetStats.ComputeAsync(new MemoryStream(Encoding.UTF8.GetBytes("\n{\"text\":\"hello\"}\n"))));
        var bad = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetStats.ComputeAsync(new MemoryStream(Encoding.UTF8.GetBytes("not json"))));

        Assert.StartsWith("Line 2 is not a record of a known export format", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 1 is not JSON", bad.Message, StringComparison.Ordinal);
        var binary = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetStats.ComputeAsync(new MemoryStream([0xff, 0xfe, 0x00, 0x01])));

        Assert.Equal("The file is neither Parquet nor UTF-8 text.", binary.Message);
        Assert.Equal(0, (await DatasetStats.ComputeAsync(new MemoryStream())).Records);
    }
}
