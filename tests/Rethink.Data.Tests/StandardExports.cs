namespace Rethink.Data.Tests;

/// <summary>The standard store of every kind's tests: eval-1 (every transition), eval-s (three samples) and judge-1 (the standard pairs).</summary>
public static class StandardExports
{
    public static async Task<string[]> AddAllAsync(DataTestKit kit)
    {
        var eval = await kit.AddStandardRunAsync();
        var samples = await kit.AddRunAsync("eval-s", DataTestKit.Config(samples: 3),
        [
            DataTestKit.Scripted("reask", "p1", 0, "What is 6 * 7?", new Step("42", true)),
            DataTestKit.Scripted("reask", "p1", 1, "What is 6 * 7?", new Step("41", false)),
        ]);
        var judged = await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs());
        return [eval, samples, judged];
    }

    /// <summary>A pipeline per kind over the runs it reads, with the options each format needs when asked.</summary>
    public static ExportPipeline For(DataTestKit kit, string kind, bool onlyAgreeing = false, bool requireGold = false)
    {
        var pipeline = new ExportPipeline(kit.Store);
        return kind switch
        {
            ExportKind.Sft => pipeline.From("eval-1", "eval-s").Kind(ExportKind.Sft),
            ExportKind.Correction => pipeline.From("eval-1").Kind(new CorrectionBuilder(new CorrectionOptions { ConfidenceLevelShare = null })),
            ExportKind.Preference => pipeline.From("eval-1", "eval-s", "judge-1").Kind(ExportKind.Preference),
            ExportKind.Critique => pipeline.From("eval-1").Kind(new CritiqueBuilder(new CritiqueOptions { OnlyAgreeing = onlyAgreeing })),
            _ => pipeline.From("judge-1").Kind(new JudgementBuilder(new JudgementOptions { OnlyAgreeing = onlyAgreeing, RequireGold = requireGold })),
        };
    }
}
