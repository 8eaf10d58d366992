using Rethink.Core;

namespace Rethink.Data.Tests;

public sealed class FilterTests
{
    private static TrainingRecord Record(string question, string answer, string? label = null, string run = "r") => new TrainingRecord
    {
        Id = string.Empty,
        Kind = ExportKind.Sft,
        Prompt = [Message.User(question)],
        Completion = [Message.Assistant(answer)],
        Label = label,
        Provenance = new RecordProvenance { RunId = run, Strategy = "s", Model = "m", ProblemId = question, Sample = 0, Verifier = "v", VerdictReason = "v.ok" },
    }.WithComputedId();

    [Fact]
    public void Dedupe_keeps_the_first_of_records_equal_after_normalisation_whatever_their_provenance()
    {
        var records = new[] { Record("What is 2+2?", "4"), Record("  what IS   2+2? ", "4 ", run: "other"), Record("What is 2+2?", "5") };

        var result = new DedupeFilter().Apply(records);

        Assert.Equal([records[0], records[2]], result.Kept);
        var dropped = Assert.Single(result.Dropped);
        Assert.Equal(DropReasons.Duplicate, dropped.Reason);
        Assert.Same(records[1], dropped.Record);
        Assert.Contains(records[0].Id, dropped.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_bounds_drop_empty_targets_and_examples_too_long_for_a_context()
    {
        var records = new[] { Record("q", "   "), Record("q", "ok"), Record(new string('x', 50), "answer") };

        var result = new LengthFilter(minTargetChars: 1, maxTotalChars: 20).Apply(records);

        Assert.Equal([records[1]], result.Kept);
        Assert.Equal([DropReasons.TooShort, DropReasons.TooLong], result.Dropped.Select(d => d.Reason));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthFilter(minTargetChars: 10, maxTotalChars: 5));
    }

    [Fact]
    public void Leak_check_matches_exact_prompts_always_and_ngrams_only_in_long_prompts()
    {
        var longEval = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        var sets = new[]
        {
            new EvaluationPromptSet("arith-test", ["What is 6 * 7?", "Compute the sum of the numbers below and reply with the number only: 1 2 3"]),
            new EvaluationPromptSet("long-test", [longEval]),
        };
        var records = new[]
        {
            Record("  what is 6 * 7? ", "42"),

            // Templated and short: shares a 13-word n-gram with an evaluation prompt but is under 50 words.
            Record("Compute the sum of the numbers below and reply with the number only: 4 5 6", "15"),

            // Long, with 13 consecutive words of the long evaluation prompt inside other text.
            Record(string.Join(' ', Enumerable.Range(0, 40).Select(i => $"other{i}")) + " " + string.Join(' ', Enumerable.Range(20, 13).Select(i => $"word{i}")), "x"),

            // Long, sharing only 12 consecutive words.
            Record(string.Join(' ', Enumerable.Range(0, 40).Select(i => $"other{i}")) + " " + string.Join(' ', Enumerable.Range(20, 12).Select(i => $"word{i}")), "y"),
        };

        var result = new LeakFilter(sets).Apply(records);

        Assert.Equal([records[1], records[3]], result.Kept);
        Assert.Equal([DropReasons.LeakExact, DropReasons.LeakNgram], result.Dropped.Select(d => d.Reason));
        Assert.Contains("'arith-test'", result.Dropped[0].Explanation, StringComparison.Ordinal);
        Assert.Contains("'long-test'", result.Dropped[1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Balance_keeps_a_seeded_subset_independent_of_input_order_and_in_input_order()
    {
        var records = Enumerable.Range(0, 10).Select(i => Record($"c{i}", "a", RecordLabels.ConfidenceLevel))
            .Concat(Enumerable.Range(0, 3).Select(i => Record($"s{i}", "a", RecordLabels.CritiqueScore)))
            .Append(Record("other", "a", "something_else"))
            .ToList();
        var shuffled = records.ToArray();
        new Random(3).Shuffle(shuffled);
        var filter = new BalanceFilter(RecordLabels.ConfidenceLevel, RecordLabels.CritiqueScore, 0.4, seed: 5);

        var result = filter.Apply(records);
        var fromShuffled = filter.Apply(shuffled);
        var otherSeed = new BalanceFilter(RecordLabels.ConfidenceLevel, RecordLabels.CritiqueScore, 0.4, seed: 6).Apply(records);

        Assert.Equal(2, result.Kept.Count(r => r.Label == RecordLabels.ConfidenceLevel));
        Assert.Equal(3, result.Kept.Count(r => r.Label == RecordLabels.CritiqueScore));
        Assert.Contains(result.Kept, r => r.Label == "something_else");
        Assert.All(result.Dropped, d => Assert.Equal("balance.confidence_level", d.Reason));
        Assert.Equal(result.Kept.Select(r => r.Id).Order(StringComparer.Ordinal), fromShuffled.Kept.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(result.Kept, records.Where(result.Kept.Contains));
        Assert.NotEqual(result.Kept.Select(r => r.Id), otherSeed.Kept.Select(r => r.Id));
    }

    [Fact]
    public void Balance_cuts_the_other_label_when_the_first_is_scarce()
    {
        var records = Enumerable.Range(0, 2).Select(i => Record($"c{i}", "a", RecordLabels.ConfidenceLevel))
            .Concat(Enumerable.Range(0, 9).Select(i => Record($"s{i}", "a", RecordLabels.CritiqueScore)))
            .ToList();

        var result = new BalanceFilter(RecordLabels.ConfidenceLevel, RecordLabels.CritiqueScore, 0.4, seed: 0).Apply(records);

        // 2 confidence-level records allow 3 critique-score ones: 2 / 5 = 0.4.
        Assert.Equal(5, result.Kept.Count);
        Assert.Equal(6, result.Dropped.Count(d => d.Reason == "balance.critique_score"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BalanceFilter("a", "b", 1.5, 0));
    }

    [Fact]
    public async Task The_pipeline_counts_every_filter_reason_in_its_summary()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        var batch = await StandardExports.For(kit, ExportKind.Sft)
            .Filter(new DedupeFilter())
            .Filter(new LeakFilter([new EvaluationPromptSet("arith-test", ["What is 2 + 2?"])]))
            .BuildAsync();

        // eval-s repeats p1's "42" for "What is 6 * 7?": a duplicate of eval-1's record.
        Assert.Equal(["p1", "p5"], batch.Records.Select(r => r.Provenance.ProblemId));
        Assert.Equal(1, batch.Summary.DroppedByReason[DropReasons.Duplicate]);
        Assert.Equal(1, batch.Summary.DroppedByReason[DropReasons.LeakExact]);
        Assert.Equal(4, batch.Summary.Built);
        Assert.Equal(2, batch.Summary.Written);
        Assert.Equal(batch.Summary.Dropped.Count, batch.Summary.DroppedByReason.Values.Sum());
    }
}
