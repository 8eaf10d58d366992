using Rethink.Core;

namespace Rethink.Data.Tests;

public sealed class PreferenceTests
{
    private static async Task<string> AddSamplesRunAsync(DataTestKit kit) =>
        await kit.AddRunAsync("eval-s", DataTestKit.Config(samples: 3),
        [
            DataTestKit.Scripted("reask", "p1", 0, "What is 6 * 7?", new Step("42", true)),
            DataTestKit.Scripted("reask", "p1", 1, "What is 6 * 7?", new Step("41", false)),
            DataTestKit.Scripted("reask", "p1", 2, "What is 6 * 7?", new Step("40", false)),
            DataTestKit.Scripted("reask", "p2", 0, "What is 2 + 2?", new Step("4", true)),
            DataTestKit.Scripted("reask", "p2", 1, "What is 2 + 2?", new Step("4.0", true)),
        ]);

    [Fact]
    public async Task Refinement_verified_and_judged_pairs_come_with_both_sides_provenance()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var eval = await kit.AddStandardRunAsync();
        var samples = await AddSamplesRunAsync(kit);
        var judged = await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs());
        var pipeline = new ExportPipeline(kit.Store).From(eval, samples, judged).Kind(ExportKind.Preference);

        var batch = await pipeline.BuildAsync();
        Golden.Match("preference.jsonl", await DataTestKit.WriteAsync(pipeline, ExportFormat.Jsonl));

        Assert.Equal(
            [RecordLabels.Refinement, RecordLabels.Verified, RecordLabels.Judged, RecordLabels.Judged, RecordLabels.Judged],
            batch.Records.Select(r => r.Label));
        var refinement = batch.Records[0];
        Assert.Equal([Message.System(DataTestKit.System), Message.User("What is 6 * 7?")], refinement.Prompt);
        Assert.Equal([Message.Assistant("42")], refinement.Chosen);
        Assert.Equal([Message.Assistant("41")], refinement.Rejected);
        Assert.Equal("numeric.not_equal", refinement.RejectedProvenance!.VerdictReason);
        var verified = batch.Records[1];
        Assert.Equal((0, 1), (verified.Provenance.Sample, verified.RejectedProvenance!.Sample));
        Assert.Equal(RunSeed(1), verified.RejectedProvenance.Seed);
        var pair1 = batch.Records[2];
        Assert.Equal([Message.Assistant("Answer A to p1")], pair1.Chosen);
        Assert.Equal(("eval-a", "eval-b"), (pair1.Provenance.RunId, pair1.RejectedProvenance!.RunId));
        Assert.Equal("pairwise/lab:judge-1", pair1.Provenance.Verifier);
        Assert.Equal("judge-1", pair1.Details.JudgingRunId);
        Assert.Equal(
            new Dictionary<string, int>
            {
                [DropReasons.PreferenceInconsistent] = 1,
                [DropReasons.PreferenceNoContrast] = 7,
                [DropReasons.PreferenceNotCorrected] = 9,
                [DropReasons.PreferenceNotSelected] = 1,
                [DropReasons.PreferenceTie] = 1,
                [DropReasons.SourceError] = 1,
            },
            batch.Summary.DroppedByReason);
    }

    [Fact]
    public async Task All_verified_pairs_pair_every_correct_with_every_wrong_sample()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var samples = await AddSamplesRunAsync(kit);

        var batch = await new ExportPipeline(kit.Store).From(samples)
            .Kind(new PreferenceBuilder(new PreferenceOptions { Refinement = false, AllVerifiedPairs = true })).BuildAsync();

        Assert.Equal([(0, 1), (0, 2)], batch.Records.Select(r => (r.Provenance.Sample, r.RejectedProvenance!.Sample)));
        Assert.DoesNotContain(DropReasons.PreferenceNotSelected, batch.Summary.DroppedByReason.Keys);
    }

    [Fact]
    public async Task A_minimum_margin_drops_weak_judged_pairs()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var judged = await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs());

        var batch = await new ExportPipeline(kit.Store).From(judged).Kind(new PreferenceBuilder(new PreferenceOptions { MinJudgeMargin = 0.5 })).BuildAsync();

        Assert.Equal(["pair-1", "pair-5"], batch.Records.Select(r => r.Details.PairId));
        Assert.Equal(1, batch.Summary.DroppedByReason[DropReasons.PreferenceLowMargin]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreferenceBuilder(new PreferenceOptions { MinJudgeMargin = -1 }));
    }

    private static long RunSeed(int sample) => Evaluation.Runs.RunConfiguration.SampleSeed(7, sample);
}
