using Rethink.Lab.Tasks;
using Rethink.Lab.Training;

namespace Rethink.Lab.Tests.Training;

public class LabSuiteTests
{
    [Fact]
    public void The_card_suite_is_held_out_from_every_shipped_recipe()
    {
        var training = LabRecipes.TrainingQuestions();
        var suite = LabCardSuite.Problems();
        Assert.Equal(LabCardSuite.PerCell * LabRecipes.TrainingCells.Count, suite.Count);
        Assert.DoesNotContain(suite, p => training.Contains(p.Question));
        Assert.Equal(suite.Count, suite.Select(p => p.Question).Distinct().Count());

        // Without the exclusion the small families do overlap, so the exclusion is doing real work.
        var unfiltered = LabSuite.Evaluation(LabRecipes.TrainingCells, 200);
        Assert.Contains(unfiltered, p => training.Contains(p.Question));
    }

    [Fact]
    public void Problems_regenerate_from_their_ids()
    {
        foreach (var p in LabCardSuite.Problems().Take(30))
        {
            Assert.Equal(p.Question, LabSuite.FromId(p.Id).Question);
            var core = LabSuite.ToProblem(p);
            Assert.Equal(p.Question, core.Question);
            Assert.Equal(p.Family, core.Metadata[LabSuite.FamilyKey]);
        }

        Assert.Throws<ArgumentException>(() => LabSuite.FromId("arith-1-2"));
    }

    [Fact]
    public async Task The_lab_verifier_never_reveals_the_gold_answer()
    {
        var p = LabSuite.ToProblem(new ArithFamily().Generate(1, 0, 1));
        var wrong = await new LabVerifier().VerifyAsync(p, new Rethink.Core.Attempt("1+1=2\nAnswer: -99999", "-99999", default));
        Assert.Equal("lab.wrong_answer", wrong.Reason);
        Assert.DoesNotContain(p.Reference.Answer!, wrong.Explanation.Replace("-99999", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("lab.no_answer", (await new LabVerifier().VerifyAsync(p, new Rethink.Core.Attempt("no idea", null, default))).Reason);
        var right = await new LabVerifier().VerifyAsync(p, new Rethink.Core.Attempt(p.Reference.Solution!, null, default));
        Assert.Equal("lab.correct", right.Reason);
    }
}
