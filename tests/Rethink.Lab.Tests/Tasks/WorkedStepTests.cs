using Rethink.Lab.Tasks;

namespace Rethink.Lab.Tests.Tasks;

public class WorkedStepTests
{
    private static readonly ArithFamily Arith = new();

    [Theory]
    [InlineData("47+38=85", "47+38: 7+8+0=15, 4+3+1=8; so 85")]
    [InlineData("(-2)+9=7", "(-2)+9 is 9-2: 9-2-0=7; so 7")]
    [InlineData("11*(-8)=-88", "11*(-8) is -(11*8): 1*8+0=8, 1*8+0=8; so -88")]
    [InlineData("45*20=900", "45*20: 45*2: 5*2+0=10, 4*2+1=9; so 90, 900")]
    public void A_worked_step_is_the_column_recomputation_ending_with_the_value(string line, string worked)
    {
        Assert.Equal(worked, ArithFamily.WorkedStep(line));
    }

    [Fact]
    public void Only_right_steps_are_worked_out()
    {
        Assert.Throws<ArgumentException>(() => ArithFamily.WorkedStep("47+38=84"));
        Assert.Throws<ArgumentException>(() => ArithFamily.WorkedStep("Answer: 85"));
    }

    [Fact]
    public void Every_generated_solution_checks_as_correct_with_any_steps_worked_out()
    {
        var rng = new Random(3);
        var worked = 0;
        for (var d = 1; d <= Arith.MaxDifficulty; d++)
        {
            for (var i = 0; i < 200; i++)
            {
                var p = Arith.Generate(11, i, d);
                var text = Arith.WorkedSolution(p, _ => rng.Next(2) == 0);
                worked += LabSolution.Parse(text).Steps.Count(s => s.Contains(": ", StringComparison.Ordinal));
                var check = Arith.Check(p, text);
                Assert.True(check is { Reason: "step.ok", StepsCorrect: true, AnswerCorrect: true }, $"{p.Question}\n{text}\n{check}");

                // Worked everywhere, and nowhere (the plain solution).
                Assert.Equal("step.ok", Arith.Check(p, Arith.WorkedSolution(p, _ => true)).Reason);
                Assert.Equal(p.Solution, Arith.WorkedSolution(p, _ => false));
            }
        }

        Assert.InRange(worked, 1000, 2000);
    }

    [Fact]
    public void A_worked_step_is_judged_by_its_operation_and_final_value()
    {
        var p = new LabProblem { Family = "arith", Id = "x", Difficulty = 1, Question = "Compute (47+38)*6-129.", Steps = [], Answer = 381 };

        // The value is wrong: the same verdict, step and expected line as for the plain step.
        var slip = Arith.Check(p, "47+38: 7+8+0=15, 4+3+1=8; so 84\n84*6=504\n504-129=375\nAnswer: 375");
        Assert.Equal(("step.arithmetic", 1, "47+38=85"), (slip.Reason, slip.FirstWrongStep, slip.ExpectedLine));
        Assert.Equal(Arith.Check(p, "47+38=84\n84*6=504\n504-129=375\nAnswer: 375"), slip);

        // Wrong operands in a worked step.
        Assert.Equal("step.wrong_operand", Arith.Check(p, "47+39: 7+9+0=16, 4+3+1=8; so 86\n86*6=516\n516-129=387\nAnswer: 387").Reason);

        // The working is scratch: a slip in it that does not reach the value is not an error.
        Assert.Equal("step.ok", Arith.Check(p, "47+38: 7+8+0=14, 4+3+1=8; so 85\n85*6=510\n510-129=381\nAnswer: 381").Reason);

        // A later worked step carries the earlier result forward like a plain one.
        Assert.Equal("step.ok", Arith.Check(p, "47+38=85\n85*6: 5*6+0=30, 8*6+3=51; so 510\n510-129: 10-9-0=1, 0-2-1=7, 5-1-0=4; so 381\nAnswer: 381").Reason);

        // A line that only looks worked out is malformed.
        Assert.Equal("step.malformed", Arith.Check(p, "47+38: so\n85*6=510\n510-129=381\nAnswer: 381").Reason);
    }

    [Fact]
    public void Numbers_too_long_for_a_long_are_wrong_values_not_crashes()
    {
        var p = new LabProblem { Family = "arith", Id = "x", Difficulty = 1, Question = "Compute 5*3+1.", Steps = [], Answer = 16 };
        var huge = Arith.Check(p, "5*3=99999999999999999999\n99999999999999999999+1=1\nAnswer: 1");
        Assert.Equal(("step.arithmetic", 1), (huge.Reason, huge.FirstWrongStep));
        Assert.Contains("not 99999999999999999999", huge.Explanation, StringComparison.Ordinal);
        Assert.Equal("step.wrong_operand", Arith.Check(p, "99999999999999999999*3=15\n15+1=16\nAnswer: 16").Reason);
    }

    [Theory]
    [InlineData(ReviewStyle.Recompute)]
    [InlineData(ReviewStyle.QuoteEveryStep)]
    [InlineData(ReviewStyle.CompareSideBySide)]
    public void A_worked_solution_is_reviewed_as_its_plain_form(ReviewStyle style)
    {
        var rng = new Random(9);
        for (var i = 0; i < 100; i++)
        {
            var p = Arith.Generate(4, i, 1 + (i % 3));
            var flawed = Arith.InjectError(p, rng.Next(1, p.Steps.Count + 1), rng).Text;
            var parsed = LabSolution.Parse(flawed);

            // Work out the steps that are right in the flawed text (the flawed step stays plain).
            var worked = LabSolution.Render(parsed.Steps.Select(s => TryWork(s) ?? s), parsed.Answer!.Value);
            Assert.NotEqual(flawed, worked);
            Assert.Equal(Arith.Check(p, flawed), Arith.Check(p, worked));
            Assert.Equal(Arith.Review(p, flawed, style), Arith.Review(p, worked, style));
        }
    }

    private static string? TryWork(string line)
    {
        try
        {
            return ArithFamily.WorkedStep(line);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
