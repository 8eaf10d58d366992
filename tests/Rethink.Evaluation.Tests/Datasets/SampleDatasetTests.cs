using System.Globalization;
using Rethink.Core;
using Rethink.Evaluation.Datasets;
using Rethink.Testing;

namespace Rethink.Evaluation.Tests.Datasets;

public class SampleDatasetTests
{
    private static DatasetLoadResult<Problem> LoadSkipping(string file, string format) =>
        new DatasetReader(DatasetFormats.Get(format), new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip })
            .Load(RepoPaths.Sample(file));

    [Theory]
    [InlineData("gsm8k-sample.jsonl", "gsm8k", AnswerKind.Numeric)]
    [InlineData("math-sample.jsonl", "math", AnswerKind.Numeric)]
    [InlineData("mc-sample.jsonl", "mc", AnswerKind.Choice)]
    public void Every_sample_loads_with_its_adapter_without_errors(string file, string format, AnswerKind kind)
    {
        var result = LoadSkipping(file, format);

        Assert.Empty(result.Errors);
        Assert.True(result.Items.Count >= 40, $"{file} has {result.Items.Count} items");
        Assert.All(result.Items, p =>
        {
            Assert.Equal(kind, p.Reference.Kind);
            Assert.False(string.IsNullOrWhiteSpace(p.Reference.Answer));
            Assert.False(p.Id.StartsWith("h-", StringComparison.Ordinal), "samples carry explicit ids");
        });
    }

    [Fact]
    public void Gsm8k_sample_golds_are_plain_numbers()
    {
        foreach (var problem in LoadSkipping("gsm8k-sample.jsonl", "gsm8k").Items)
        {
            var gold = problem.Reference.Answer!;
            Assert.True(
                decimal.TryParse(gold, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                $"{problem.Id}: gold '{gold}' is not a plain number");
            Assert.EndsWith("#### " + gold, problem.Reference.Solution, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Math_sample_has_level_and_type_metadata()
    {
        Assert.All(LoadSkipping("math-sample.jsonl", "math").Items, p =>
        {
            Assert.StartsWith("Level ", p.Metadata["level"], StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(p.Metadata["type"]));
        });
    }

    [Fact]
    public void Mc_sample_spreads_gold_letters_over_all_four_options()
    {
        var problems = LoadSkipping("mc-sample.jsonl", "mc").Items;

        Assert.All(problems, p => Assert.Equal(4, p.Reference.Choices!.Count));
        Assert.Equal(["A", "B", "C", "D"], problems.Select(p => p.Reference.Answer!).Distinct().Order());
    }

    [Theory]
    [InlineData("responses/gsm8k-reask.jsonl", "gsm8k-sample.jsonl", "gsm8k", "reask", 2, 2)]
    [InlineData("responses/gsm8k-self-refine.jsonl", "gsm8k-sample.jsonl", "gsm8k", "self-refine", 2, 3)]
    [InlineData("responses/mc-direct.jsonl", "mc-sample.jsonl", "mc", "direct", 1, 1)]
    public void Response_samples_cover_every_problem_once(string responses, string dataset, string format, string source, int minTurns, int maxTurns)
    {
        var ids = LoadSkipping(dataset, format).Items.Select(p => p.Id).ToHashSet();

        var result = new ResponsesReader(new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip }).Load(RepoPaths.Sample(responses), ids);

        Assert.Empty(result.Errors);
        Assert.Equal(ids.Order(), result.Items.Select(r => r.ProblemId).Order());
        Assert.All(result.Items, r =>
        {
            Assert.Equal(source, r.Source);
            Assert.Equal(0, r.Sample);
            Assert.InRange(r.Turns.Count, minTurns, maxTurns);
        });
    }
}
