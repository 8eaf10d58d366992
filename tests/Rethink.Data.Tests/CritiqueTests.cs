using Rethink.Core;

namespace Rethink.Data.Tests;

public sealed class CritiqueTests
{
    [Fact]
    public async Task Each_critique_turn_gives_the_critic_input_output_and_gold_agreement()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddStandardRunAsync();
        var pipeline = new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Critique);

        var batch = await pipeline.BuildAsync();
        Golden.Match("critique.jsonl", await DataTestKit.WriteAsync(pipeline, ExportFormat.Jsonl));

        // p1: "41" wrong, critic incorrect; p2: "4" right, critic correct; p3: "6" right, critic incorrect; p4: "4" wrong, critic correct.
        Assert.Equal(["p1", "p2", "p3", "p4"], batch.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal([true, true, false, false], batch.Records.Select(r => r.Details.Agrees!.Value));
        Assert.Equal([false, true, true, false], batch.Records.Select(r => r.Details.GoldCorrect!.Value));
        Assert.Equal(["incorrect", "correct", "incorrect", "correct"], batch.Records.Select(r => r.Details.CriticLabel));
        Assert.Equal(["41", "4", "6", "4"], batch.Records.Select(r => r.Details.CritiquedAnswer));
        Assert.Equal([Message.User("Question: What is 6 * 7?\nAnswer: 41\nIs the answer correct?")], batch.Records[0].Prompt);
        Assert.Equal([Message.Assistant("VERDICT: incorrect")], batch.Records[0].Completion);
        Assert.Equal("numeric.not_equal", batch.Records[0].Provenance.VerdictReason);
        Assert.Equal("tiny-critic", batch.Records[0].Details.CriticModel);
        Assert.Equal(new Dictionary<string, int> { [DropReasons.CritiqueNoCritiqueTurn] = 1, [DropReasons.SourceError] = 1 }, batch.Summary.DroppedByReason);
    }

    [Fact]
    public async Task Only_agreeing_keeps_agreeing_critiques_and_an_unsure_critic_never_agrees()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddStandardRunAsync();
        var unsure = await kit.AddRunAsync("u", DataTestKit.Config(),
        [
            DataTestKit.Scripted("reask", "p7", 0, "What is 3 * 3?", new Step("9", true), new Step("9", true, VerdictLabel.Unsure)),
            DataTestKit.Scripted("reask", "p8", 0, "What is 3 * 4?", new Step("12", true, GoldOverride: VerdictLabel.Unsure), new Step("12", true, VerdictLabel.Correct)),
        ]);

        var agreeing = await new ExportPipeline(kit.Store).From(run, unsure).Kind(new CritiqueBuilder(new CritiqueOptions { OnlyAgreeing = true })).BuildAsync();

        Assert.Equal(["p1", "p2"], agreeing.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal(3, agreeing.Summary.DroppedByReason[DropReasons.CritiqueDisagrees]);
        Assert.Equal(1, agreeing.Summary.DroppedByReason[DropReasons.CritiqueGoldUnsure]);
    }
}
