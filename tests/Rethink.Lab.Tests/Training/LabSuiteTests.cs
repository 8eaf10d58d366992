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

    [Fact]
    public async Task A_wrong_lab_answer_carries_the_first_wrong_step_the_checker_finds_and_nothing_else_does()
    {
        var verifier = new LabVerifier();
        var family = new ArithFamily();
        var rng = new Random(3);
        var checkedSteps = 0;
        for (var i = 0; i < 40; i++)
        {
            var lab = family.Generate(1, i, 3);
            var problem = LabSuite.ToProblem(lab);
            var step = rng.Next(1, lab.Steps.Count + 1);
            var flawed = family.InjectError(lab, step, rng).Text;
            var verdict = await verifier.VerifyAsync(problem, new Rethink.Core.Attempt(flawed, null, default));
            Assert.False(verdict.IsCorrect);
            Assert.Equal($"step {family.Check(lab, flawed).FirstWrongStep}", verdict.ErrorLocation);
            checkedSteps++;

            Assert.Null((await verifier.VerifyAsync(problem, new Rethink.Core.Attempt(lab.Solution, null, default))).ErrorLocation);
        }

        Assert.Equal(40, checkedSteps);

        // Right steps, wrong answer line: the answer is where the error is.
        var p = new ArithFamily().Generate(1, 0, 1);
        var answerOnly = string.Join('\n', p.Steps) + "\nAnswer: " + (p.Answer + 1);
        Assert.Equal("answer", (await verifier.VerifyAsync(LabSuite.ToProblem(p), new Rethink.Core.Attempt(answerOnly, null, default))).ErrorLocation);

        // A problem that is not a lab problem, or whose id regenerates another question, gets no location.
        var foreign = Rethink.Core.Problem.FromQuestion("q-1", "Compute 1+1.", new Rethink.Core.Reference { Kind = Rethink.Core.AnswerKind.Numeric, Answer = "2" });
        Assert.Null((await verifier.VerifyAsync(foreign, new Rethink.Core.Attempt("1+1=3\nAnswer: 3", null, default))).ErrorLocation);
        var renamed = LabSuite.ToProblem(p) with { Messages = [Rethink.Core.Message.User("Compute 9+9.")] };
        Assert.Null((await verifier.VerifyAsync(renamed, new Rethink.Core.Attempt("9+9=17\nAnswer: 17", null, default))).ErrorLocation);
        Assert.Null((await verifier.VerifyAsync(LabSuite.ToProblem(p) with { Id = "arith--d1-0" }, new Rethink.Core.Attempt(answerOnly, null, default))).ErrorLocation);
    }
}
