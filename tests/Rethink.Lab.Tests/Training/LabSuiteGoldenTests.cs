using System.Runtime.CompilerServices;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;

namespace Rethink.Lab.Tests.Training;

/// <summary>
/// The held-out lab suite is what every recorded lab figure was measured on, so it must not move when a recipe is added,
/// renamed or moved between the shipped recipes and the experiments. The main suite (<c>rethink eval</c> with no
/// arguments: 10 problems per cell, 110 in all, the same as the card suite) is pinned by its problem ids in
/// Golden/lab-suite-110-ids.txt. On a mismatch the test writes lab-suite-110-ids.actual.txt beside it.
/// </summary>
public class LabSuiteGoldenTests
{
    [Fact]
    public void The_main_lab_suite_keeps_its_110_problem_ids()
    {
        var ids = LabSuite.Evaluation(LabRecipes.TrainingCells, LabCardSuite.PerCell, LabRecipes.TrainingQuestions()).Select(p => p.Id).ToList();
        var actual = string.Join('\n', ids) + "\n";
        var golden = Path.Combine(SourceDirectory(), "Golden", "lab-suite-110-ids.txt");
        var expected = File.Exists(golden) ? File.ReadAllText(golden).ReplaceLineEndings("\n") : string.Empty;
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "Golden", "lab-suite-110-ids.actual.txt"), actual);
        }

        Assert.Equal(110, ids.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(ids, LabCardSuite.Problems().Select(p => p.Id));
    }

    [Fact]
    public void Every_recipe_shipped_or_experiment_is_kept_out_of_the_held_out_suites()
    {
        var training = LabRecipes.TrainingQuestions();
        Assert.NotEmpty(LabRecipes.All);
        foreach (var recipe in LabRecipes.All)
        {
            var data = recipe.Data;
            foreach (var cell in data.Cells)
            {
                var family = LabFamilies.Get(cell.Family);
                for (var i = 0; i < data.ProblemsPerCell; i++)
                {
                    var question = family.Generate(data.Seed, i, cell.Difficulty).Question;
                    Assert.True(training.Contains(question), $"recipe '{recipe.Name}' trains on '{question}', which TrainingQuestions() does not exclude");
                }
            }
        }

        // The larger suites the lab documents report (440 and 2,200 problems) are held out the same way.
        foreach (var perCell in new[] { 40, 200 })
        {
            Assert.DoesNotContain(LabSuite.Evaluation(LabRecipes.TrainingCells, perCell, training), p => training.Contains(p.Question));
        }
    }

    private static string SourceDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
