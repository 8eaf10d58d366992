using Rethink.Lab.Chat;
using Rethink.Lab.Training;
using Rethink.Strategies;

namespace Rethink.Lab.Tests.Training;

/// <summary>
/// The models in models/ load and keep the accuracy their cards promise on the held-out card suite. Greedy decoding is
/// deterministic, so a drop means the engine's numerics, the chat format, the verifier or the file changed.
/// </summary>
public class ShippedModelTests
{
    public static TheoryData<string> Shipped => new() { "sft", "critique", "sft-routes", "critique-routes" };

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task Shipped_model_scores_at_least_its_card_floor(string name)
    {
        var dir = ModelsDirectory();
        var card = LabModelCard.Read(Path.Combine(dir, $"lab-{name}.card.json"));
        using var model = LabModel.Load(Path.Combine(dir, LabModelLocator.FileName(name)));
        var score = await LabCardSuite.ScoreAsync(model, StrategyCatalog.Create("direct"));
        Assert.Equal(name, card.Recipe);
        Assert.Equal(LabCardSuite.PerCell * LabRecipes.TrainingCells.Count, score.Problems);
        Assert.True(score.Accuracy >= card.Floor, $"lab-{name}: {score.Accuracy:P1} on the card suite, below its floor {card.Floor:P1} (card says {card.DirectAccuracy:P1})");
    }

    private static string ModelsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rethink.slnx")))
            {
                return Path.Combine(dir.FullName, "models");
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Rethink.slnx) above " + AppContext.BaseDirectory);
    }
}
