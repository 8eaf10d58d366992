using Rethink.Core;

namespace Rethink.Data.Tests;

public sealed class CorrectionTests
{
    [Fact]
    public async Task Correction_records_are_the_final_calls_conversation_labelled_by_the_first_answer()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddStandardRunAsync();
        var pipeline = new ExportPipeline(kit.Store).From(run).Kind(new CorrectionBuilder(new CorrectionOptions { ConfidenceLevelShare = null }));

        var batch = await pipeline.BuildAsync();
        Golden.Match("correction.jsonl", await DataTestKit.WriteAsync(pipeline, ExportFormat.Jsonl));

        Assert.Equal(["p1", "p2"], batch.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal([RecordLabels.CritiqueScore, RecordLabels.ConfidenceLevel], batch.Records.Select(r => r.Label));
        Assert.Equal(
            [Message.System(DataTestKit.System), Message.User("What is 6 * 7?"), Message.Assistant("41"), Message.User(DataTestKit.CorrectionPrompt)],
            batch.Records[0].Prompt);
        Assert.Equal([Message.Assistant("42")], batch.Records[0].Completion);
        Assert.Equal(
            new Dictionary<string, int>
            {
                [DropReasons.CorrectionFinalIncorrect] = 2,
                [DropReasons.CorrectionSingleAttempt] = 1,
                [DropReasons.SourceError] = 1,
            },
            batch.Summary.DroppedByReason);
    }

    [Fact]
    public async Task Default_balance_cuts_confidence_level_records_to_a_forty_percent_share()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var scored = new List<ScoredTrajectory>();
        for (var i = 0; i < 10; i++)
        {
            scored.Add(DataTestKit.Scripted("reask", $"rr{i}", 0, $"What is {i} + 1?", new Step($"{i + 1}", true), new Step($"{i + 1}", true)));
        }

        for (var i = 0; i < 3; i++)
        {
            scored.Add(DataTestKit.Scripted("reask", $"wr{i}", 0, $"What is {i} + 2?", new Step("0", false), new Step($"{i + 2}", true)));
        }

        var run = await kit.AddRunAsync("cct", DataTestKit.Config(), scored);

        var batch = await new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Correction).BuildAsync();
        var again = await new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Correction).BuildAsync();
        var otherSeed = await new ExportPipeline(kit.Store).From(run).Kind(new CorrectionBuilder(new CorrectionOptions { Seed = 99 })).BuildAsync();

        // 3 W->R records allow 2 R->R ones at a 0.4 share: 2 / (2 + 3) = 0.4.
        Assert.Equal(new Dictionary<string, int> { [RecordLabels.ConfidenceLevel] = 2, [RecordLabels.CritiqueScore] = 3 }, batch.Summary.WrittenByLabel);
        Assert.Equal(8, batch.Summary.DroppedByReason["balance.confidence_level"]);
        Assert.Equal(batch.Records.Select(r => r.Id), again.Records.Select(r => r.Id));
        Assert.Equal(5, otherSeed.Records.Count);
        Assert.Equal(
            batch.Records.Select(r => r.Provenance.ProblemId).ToList(),
            batch.Records.Select(r => r.Provenance.ProblemId).OrderBy(p => scored.FindIndex(s => s.ProblemId == p)).ToList());
    }

    [Fact]
    public async Task An_unsure_first_verdict_cannot_be_labelled_and_is_dropped()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddRunAsync("u", DataTestKit.Config(), [DataTestKit.Scripted("reask", "p1", 0, "Q?", new Step("x", false, GoldOverride: VerdictLabel.Unsure), new Step("y", true))]);

        var batch = await new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Correction).BuildAsync();

        Assert.Empty(batch.Records);
        Assert.Equal(1, batch.Summary.DroppedByReason[DropReasons.CorrectionFirstUnsure]);
    }
}
