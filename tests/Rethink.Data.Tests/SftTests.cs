using Rethink.Core;

namespace Rethink.Data.Tests;

public sealed class SftTests
{
    [Fact]
    public async Task Default_sft_keeps_every_verified_final_answer_with_the_prompt_as_first_sent()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddStandardRunAsync();
        var pipeline = new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Sft);

        var batch = await pipeline.BuildAsync();
        var bytes = await DataTestKit.WriteAsync(pipeline, ExportFormat.Jsonl);

        Golden.Match("sft.jsonl", bytes);
        Assert.Equal(["p1", "p2", "p5"], batch.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal([RecordLabels.CorrectedRetry, RecordLabels.FirstTry, RecordLabels.FirstTry], batch.Records.Select(r => r.Label));
        var retry = batch.Records[0];
        Assert.Equal([Message.System(DataTestKit.System), Message.User("What is 6 * 7?")], retry.Prompt);
        Assert.Equal([Message.Assistant("42")], retry.Completion);
        Assert.Equal(new Dictionary<string, int> { [DropReasons.SftFinalIncorrect] = 2, [DropReasons.SourceError] = 1 }, batch.Summary.DroppedByReason);
        Assert.Equal(["eval-1/reask/p3/0", "eval-1/reask/p4/0", "eval-1/reask/p6/0"], batch.Summary.Dropped.Select(d => d.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(3, batch.Summary.Written);
    }

    [Fact]
    public async Task Only_first_try_and_no_retries_drop_the_corrected_retry_with_their_own_reasons()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddStandardRunAsync();

        var firstTry = await new ExportPipeline(kit.Store).From(run).Kind(new SftBuilder(new SftOptions { OnlyFirstTryCorrect = true })).BuildAsync();
        var noRetries = await new ExportPipeline(kit.Store).From(run).Kind(new SftBuilder(new SftOptions { IncludeCorrectedRetries = false })).BuildAsync();

        Assert.Equal(["p2", "p5"], firstTry.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal(1, firstTry.Summary.DroppedByReason[DropReasons.SftFirstTryIncorrect]);
        Assert.Equal(["p2", "p5"], noRetries.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal(1, noRetries.Summary.DroppedByReason[DropReasons.SftCorrectedRetryExcluded]);
        Assert.All(firstTry.Records, r => Assert.True(r.Details.FirstCorrect));
    }

    [Fact]
    public async Task Provenance_names_run_strategy_settings_model_problem_dataset_sample_seed_and_verdict()
    {
        await using var kit = await DataTestKit.CreateAsync();
        var run = await kit.AddStandardRunAsync();
        var config = DataTestKit.Config();

        var record = (await new ExportPipeline(kit.Store).From(run).Kind(ExportKind.Sft).BuildAsync()).Records[0];

        Assert.Equal(new RecordProvenance
        {
            RunId = "eval-1",
            Strategy = "reask",
            StrategyFingerprint = StrategyFingerprint.Of(config.Strategies[0]),
            Model = "lab:tiny-1@http://localhost:8080/v1",
            ProblemId = "p1",
            DatasetPath = "data/arith.jsonl",
            DatasetSha256 = DataTestKit.Sha,
            Sample = 0,
            Seed = 7,
            Verifier = "numeric",
            VerdictReason = "numeric.equal",
        }, record.Provenance);
        Assert.Equal(TrainingRecord.ComputeId(record), record.Id);
        Assert.Matches("^[0-9a-f]{32}$", record.Id);
    }

    [Fact]
    public void Strategy_fingerprint_ignores_setting_order_and_sees_every_setting()
    {
        var a = new Evaluation.Runs.StrategyDescription("s", new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" });
        var b = new Evaluation.Runs.StrategyDescription("s", new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" });
        var c = new Evaluation.Runs.StrategyDescription("s", new Dictionary<string, string> { ["x"] = "1", ["y"] = "3" });

        Assert.Equal(StrategyFingerprint.Of(a), StrategyFingerprint.Of(b));
        Assert.NotEqual(StrategyFingerprint.Of(a), StrategyFingerprint.Of(c));
        Assert.Matches("^[0-9a-f]{64}$", StrategyFingerprint.Of(a));
    }
}
