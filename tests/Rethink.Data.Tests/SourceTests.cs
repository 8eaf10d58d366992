using Rethink.Evaluation.Runs;

namespace Rethink.Data.Tests;

public sealed class SourceTests
{
    [Fact]
    public async Task An_unknown_run_is_refused_naming_the_run_and_the_store()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await kit.AddStandardRunAsync();

        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => new ExportPipeline(kit.Store).From("eval-1", "missing").Kind(ExportKind.Sft).BuildAsync());

        Assert.Equal($"No run 'missing' in {kit.Store.Location}.", e.Message);
    }

    [Fact]
    public async Task A_run_of_another_kind_is_refused_naming_the_run_the_store_and_what_the_kind_reads()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs());
        await kit.AddStandardRunAsync();

        var sft = await Assert.ThrowsAsync<InvalidOperationException>(() => new ExportPipeline(kit.Store).From("judge-1").Kind(ExportKind.Sft).BuildAsync());
        var judgement = await Assert.ThrowsAsync<InvalidOperationException>(() => new ExportPipeline(kit.Store).From("eval-1").Kind(ExportKind.Judgement).BuildAsync());

        Assert.Equal($"Run 'judge-1' in {kit.Store.Location} is a judging run; the sft export reads evaluation runs.", sft.Message);
        Assert.Equal($"Run 'eval-1' in {kit.Store.Location} is an evaluation run; the judgement export reads judging runs.", judgement.Message);
    }

    [Fact]
    public async Task A_malformed_judgement_item_is_an_error_naming_the_item_the_run_and_the_store()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await kit.AddJudgingRunAsync("judge-1", DataTestKit.StandardPairs().Take(1));
        await kit.Store.SaveItemAsync("judge-1", new RunItem("pair-bad", """{"pairId":"pair-bad"}"""));
        await kit.Store.CreateRunAsync(RunDefinition.Create(RunKind.Judging, new { }), "judge-2");
        await kit.Store.SaveItemAsync("judge-2", new RunItem("pair-empty", """{"pairId":"p","problemId":"p","prompt":[],"a":{"text":"x","source":{"runId":"r","strategy":"s","model":"m"}},"b":{"text":"y","source":{"runId":"r","strategy":"s","model":"m"}},"orders":[],"consistent":true,"winner":"A","judge":{"name":"j","model":"m"},"reason":"r"}"""));

        var missing = await Assert.ThrowsAsync<InvalidDataException>(() => new ExportPipeline(kit.Store).From("judge-1").Kind(ExportKind.Judgement).BuildAsync());
        var empty = await Assert.ThrowsAsync<InvalidDataException>(() => new ExportPipeline(kit.Store).From("judge-2").Kind(ExportKind.Preference).BuildAsync());

        Assert.StartsWith($"Item 'pair-bad' of run 'judge-1' in {kit.Store.Location} is not a judgement item: ", missing.Message, StringComparison.Ordinal);
        Assert.Equal($"Item 'pair-empty' of run 'judge-2' in {kit.Store.Location} is not a judgement item: it has no prompt messages.", empty.Message);
    }

    [Fact]
    public async Task A_pipeline_needs_a_kind_and_at_least_one_distinct_run()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await kit.AddStandardRunAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => new ExportPipeline(kit.Store).From("eval-1").BuildAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => new ExportPipeline(kit.Store).Kind(ExportKind.Sft).BuildAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => new ExportPipeline(kit.Store).From("eval-1", "eval-1").Kind(ExportKind.Sft).BuildAsync());
        Assert.Throws<ArgumentException>(() => ExportPipeline.DefaultBuilder("poetry"));
    }

    [Fact]
    public async Task Results_of_a_strategy_the_configuration_does_not_list_are_malformed()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await kit.Store.CreateRunAsync(DataTestKit.Config(), "odd");
        await kit.Store.SaveResultAsync("odd", RunResult.Create(DataTestKit.Scripted("ghost", "p1", 0, "Q?", new Step("1", true)), 0, 0, TimeSpan.Zero, DateTimeOffset.UnixEpoch));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new ExportPipeline(kit.Store).From("odd").Kind(ExportKind.Sft).BuildAsync());

        Assert.Equal($"Run 'odd' in {kit.Store.Location} has a result of strategy 'ghost' that its configuration does not list.", e.Message);
    }
}
