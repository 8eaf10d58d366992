using Rethink.Core;

namespace Rethink.Data.Tests;

public sealed class JudgementTests
{
    [Fact]
    public async Task Every_order_of_every_pair_is_a_record_with_gold_agreement_where_gold_exists()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs());
        var pipeline = new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Judgement);

        var batch = await pipeline.BuildAsync();
        Golden.Match("judgement.jsonl", await DataTestKit.WriteAsync(pipeline, ExportFormat.Jsonl));

        Assert.Equal(10, batch.Records.Count);
        Assert.Equal(
            [true, true, true, false, null, null, null, null, false, false],
            batch.Records.Select(r => r.Details.Agrees));
        Assert.Equal(["a", "a", "a", "a", null, null, null, null, "a", "a"], batch.Records.Select(r => r.Details.GoldWinner));
        Assert.Equal(["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"], batch.Records.Select(r => r.Details.ShownFirst));
        var first = batch.Records[0];
        Assert.Equal([Message.Assistant("[[1]]")], first.Completion);
        Assert.Equal(new RecordProvenance
        {
            RunId = "judge-1",
            Strategy = "pairwise",
            StrategyFingerprint = DataTestKit.Sha,
            Model = "lab:judge-1",
            ProblemId = "p1",
            DatasetPath = "data/arith.jsonl",
            DatasetSha256 = DataTestKit.Sha,
            Sample = 0,
            Verifier = "pairwise/lab:judge-1",
            VerdictReason = "pairwise.first",
        }, first.Provenance);
        Assert.Equal(new Dictionary<string, int> { [RecordLabels.Agrees] = 3, [RecordLabels.Disagrees] = 3, [RecordLabels.NoGold] = 4 }, batch.Summary.WrittenByLabel);
    }

    [Fact]
    public async Task Require_gold_and_only_agreeing_drop_with_their_reasons()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs());

        var gold = await new ExportPipeline(kit.Store).From(run).Kind(new JudgementBuilder(new JudgementOptions { RequireGold = true })).BuildAsync();
        var agreeing = await new ExportPipeline(kit.Store).From(run).Kind(new JudgementBuilder(new JudgementOptions { OnlyAgreeing = true })).BuildAsync();

        Assert.Equal(6, gold.Records.Count);
        Assert.Equal(4, gold.Summary.DroppedByReason[DropReasons.JudgementNoGold]);
        Assert.Equal(3, agreeing.Records.Count);
        Assert.Equal(new Dictionary<string, int> { [DropReasons.JudgementDisagrees] = 3, [DropReasons.JudgementNoGold] = 4 }, agreeing.Summary.DroppedByReason);
    }
}
