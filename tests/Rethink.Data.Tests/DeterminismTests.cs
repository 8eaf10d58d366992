namespace Rethink.Data.Tests;

public sealed class DeterminismTests
{
    public static TheoryData<string, string> KindsAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in ExportKind.All)
        {
            foreach (var format in ExportFormat.All)
            {
                data.Add(kind, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndFormats))]
    public async Task Two_exports_of_the_same_runs_are_the_same_bytes(string kind, string format)
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        // OpenAI needs agreeing critiques and judgements; TRL needs gold for judgements.
        var first = await DataTestKit.WriteAsync(StandardExports.For(kit, kind, onlyAgreeing: format == ExportFormat.OpenAi, requireGold: true), format);
        var second = await DataTestKit.WriteAsync(StandardExports.For(kit, kind, onlyAgreeing: format == ExportFormat.OpenAi, requireGold: true), format);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Jsonl_export_reads_back_equal()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        foreach (var kind in ExportKind.All)
        {
            var records = (await StandardExports.For(kit, kind).BuildAsync()).Records;
            using var stream = new MemoryStream(await DataTestKit.WriteAsync(StandardExports.For(kit, kind), ExportFormat.Jsonl));

            Assert.Equal(records, await TrainingRecordReader.ReadAllAsync(stream));
        }
    }
}
