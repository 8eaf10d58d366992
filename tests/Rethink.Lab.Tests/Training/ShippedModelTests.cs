using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Lab.Chat;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;
using Rethink.Strategies;
using Rethink.Testing;

namespace Rethink.Lab.Tests.Training;

/// <summary>
/// The models in models/ load and keep the accuracy their cards promise on the held-out card suite. Greedy decoding is
/// deterministic, so a drop means the engine's numerics, the chat format, the verifier or the file changed.
/// </summary>
public class ShippedModelTests
{
    private static readonly string[] ShippedNames = ["sft", "critique", "sft-routes", "critique-routes"];

    public static TheoryData<string> Shipped => new(ShippedNames);

    [Fact]
    public void The_shipped_recipes_are_the_shipped_models_and_no_experiment_is_one()
    {
        var dir = RepoPaths.Models;
        Assert.Equal(ShippedNames, LabRecipes.Shipped.Select(r => r.Name));
        Assert.All(LabRecipes.Shipped, r => Assert.True(File.Exists(Path.Combine(dir, LabModelLocator.FileName(r.Name))), r.Name));
        Assert.Empty(LabRecipes.Shipped.Select(r => r.Name).Intersect(LabExperiments.All.Select(r => r.Name)));
        Assert.Equal(LabRecipes.All.Count, LabRecipes.All.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(LabRecipes.All, r => Assert.Same(r, LabRecipes.Get(r.Name)));
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task Shipped_model_scores_at_least_its_card_floor(string name)
    {
        var dir = RepoPaths.Models;
        var card = LabModelCard.Read(Path.Combine(dir, $"lab-{name}.card.json"));
        using var model = LabModel.Load(Path.Combine(dir, LabModelLocator.FileName(name)));
        var score = await LabCardSuite.ScoreAsync(model, StrategyCatalog.Create("direct"));
        Assert.Equal(name, card.Recipe);
        Assert.Equal(LabCardSuite.PerCell * LabRecipes.TrainingCells.Count, score.Problems);
        Assert.True(score.Accuracy >= card.Floor, $"lab-{name}: {score.Accuracy:P1} on the card suite, below its floor {card.Floor:P1} (card says {card.DirectAccuracy:P1})");
    }

    [Fact]
    public async Task A_shipped_model_answers_the_same_in_a_batch_of_eight_as_alone()
    {
        // The real model's shapes (dim 192, hidden 512) take the multi-threaded matrix-vector path the tiny test models
        // do not; greedy and seeded sampled replies must not depend on what decodes beside them.
        var path = Path.Combine(RepoPaths.Models, LabModelLocator.FileName("critique-routes"));
        using var alone = LabModel.Load(path, new LocalChatClientOptions { MaxConcurrency = 1 });
        using var batched = LabModel.Load(path, new LocalChatClientOptions { MaxConcurrency = 8 });
        var requests = LabCardSuite.Problems().Where((_, i) => i % 5 == 0).Select((lab, i) => (
            Messages: LabSuite.ToProblem(lab).Messages.ToChatMessages(),
            Options: new ChatOptions { Temperature = i % 2 == 0 ? 0 : 0.7f, Seed = 1000 + i, MaxOutputTokens = 200 })).ToList();

        var expected = new List<string>();
        foreach (var (messages, options) in requests)
        {
            expected.Add(Describe(await alone.GetResponseAsync(messages, options)));
        }

        var together = await Task.WhenAll(requests.Select(r => batched.GetResponseAsync(r.Messages, r.Options)));

        Assert.Equal(22, requests.Count);
        Assert.Equal(expected, together.Select(Describe));
        var batcher = Assert.IsType<Rethink.Engine.Inference.ContinuousBatcher>(batched.GetService(typeof(Rethink.Engine.Inference.ContinuousBatcher)));
        Assert.True(batcher.DecodedTokens > 2 * batcher.DecodeSteps, $"{batcher.DecodedTokens} tokens in {batcher.DecodeSteps} steps: little was batched");

        // The text and every token's log-probability, as exact bits.
        static string Describe(ChatResponse r) => r.Text + "|" + string.Join(
            ',', ((IEnumerable<double>)r.AdditionalProperties![RethinkProperties.TokenLogProbs]!).Select(v => BitConverter.DoubleToInt64Bits(v)));
    }
}
