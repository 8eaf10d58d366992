using Rethink.Lab.Tasks;

namespace Rethink.Lab.Tests.Tasks;

public class TaskFamilyTests
{
    public static TheoryData<string> Families => new() { "arith", "add", "lineq" };

    [Theory]
    [MemberData(nameof(Families))]
    public void Generation_is_deterministic_per_seed(string name)
    {
        var family = LabFamilies.Get(name);
        for (var d = 1; d <= family.MaxDifficulty; d++)
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(family.Generate(7, i, d), family.Generate(7, i, d), LabProblemComparer.Instance);
            }
        }

        var a = Enumerable.Range(0, 20).Select(i => family.Generate(1, i, 1).Question).ToList();
        var b = Enumerable.Range(0, 20).Select(i => family.Generate(2, i, 1).Question).ToList();
        Assert.NotEqual(a, b);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_generated_solution_checks_as_correct(string name)
    {
        var family = LabFamilies.Get(name);
        for (var d = 1; d <= family.MaxDifficulty; d++)
        {
            for (var i = 0; i < 200; i++)
            {
                var p = family.Generate(11, i, d);
                var check = family.Check(p, p.Solution);
                Assert.True(check.AnswerCorrect && check.StepsCorrect, $"{p.Id}: {p.Question}\n{p.Solution}\n{check}");
                Assert.Equal("step.ok", check.Reason);
                Assert.Null(check.FirstWrongStep);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Injected_errors_are_found_at_the_injected_step(string name)
    {
        var family = LabFamilies.Get(name);
        var rng = new Random(5);
        var wrongAnswers = 0;
        var total = 0;
        for (var d = 1; d <= family.MaxDifficulty; d++)
        {
            for (var i = 0; i < 100; i++)
            {
                var p = family.Generate(3, i, d);
                var step = rng.Next(1, p.Steps.Count + 1);
                var flawed = family.InjectError(p, step, rng);
                var check = family.Check(p, flawed.Text);
                Assert.False(check.StepsCorrect, $"{p.Question}\n{flawed.Text}");
                Assert.Equal(step, check.FirstWrongStep);
                Assert.Contains(check.Reason, new[] { "step.arithmetic", "step.sign" });
                Assert.Equal(flawed.CorrectLine, check.ExpectedLine);
                total++;
                if (!check.AnswerCorrect)
                {
                    wrongAnswers++;
                }
            }
        }

        // Flawed solutions feed critique training as "wrong first answers": every one must end wrong.
        Assert.Equal(total, wrongAnswers);
    }

    [Fact]
    public void Arith_solves_in_post_order_with_precedence()
    {
        var family = new ArithFamily();
        var p = new LabProblem { Family = "arith", Id = "x", Difficulty = 1, Question = "Compute (47+38)*6-129.", Steps = [], Answer = 381 };
        var check = family.Check(p, "47+38=85\n85*6=510\n510-129=381\nAnswer: 381");
        Assert.Equal("step.ok", check.Reason);

        var p2 = p with { Question = "Compute 3+4*5.", Answer = 23 };
        Assert.Equal("step.ok", family.Check(p2, "4*5=20\n3+20=23\nAnswer: 23").Reason);
        var wrongOrder = family.Check(p2, "3+4=7\n7*5=35\nAnswer: 35");
        Assert.Equal("step.wrong_operand", wrongOrder.Reason);
        Assert.Equal(1, wrongOrder.FirstWrongStep);
        Assert.Equal("4*5=20", wrongOrder.ExpectedLine);
    }

    [Fact]
    public void Arith_handles_negative_intermediates_and_propagated_errors()
    {
        var family = new ArithFamily();
        var p = new LabProblem { Family = "arith", Id = "x", Difficulty = 1, Question = "Compute (5-12)*3.", Steps = [], Answer = -21 };
        Assert.Equal("step.ok", family.Check(p, "5-12=-7\n(-7)*3=-21\nAnswer: -21").Reason);

        // The slip is in step 1; step 2 is right given step 1's (wrong) result, so step 1 is the first wrong step.
        var slip = family.Check(p, "5-12=-6\n(-6)*3=-18\nAnswer: -18");
        Assert.Equal(1, slip.FirstWrongStep);
        Assert.Equal("step.arithmetic", slip.Reason);
        Assert.False(slip.AnswerCorrect);

        var badAnswerLine = family.Check(p, "5-12=-7\n(-7)*3=-21\nAnswer: 21");
        Assert.Equal("answer.mismatch", badAnswerLine.Reason);
        Assert.True(badAnswerLine.StepsCorrect);
        Assert.False(badAnswerLine.AnswerCorrect);

        Assert.Equal("answer.missing", family.Check(p, "5-12=-7\n(-7)*3=-21").Reason);
        Assert.Equal("step.malformed", family.Check(p, "five minus twelve\nAnswer: -21").Reason);
        Assert.Equal("step.missing", family.Check(p, "5-12=-7\nAnswer: -7").Reason);
        Assert.Equal("step.extra", family.Check(p, "5-12=-7\n(-7)*3=-21\n1+1=2\nAnswer: -21").Reason);
    }

    [Fact]
    public void Add_checks_carries_and_leading_digit()
    {
        var family = new AddFamily();
        var p = new LabProblem { Family = "add", Id = "x", Difficulty = 4, Question = "Add 4821 and 975.", Steps = [], Answer = 5796 };
        Assert.Equal("step.ok", family.Check(p, "1+5+0=6\n2+7+0=9\n8+9+0=17\n4+0+1=5\nAnswer: 5796").Reason);
        var lostCarry = family.Check(p, "1+5+0=6\n2+7+0=9\n8+9+0=17\n4+0+0=4\nAnswer: 4796");
        Assert.Equal("step.wrong_operand", lostCarry.Reason);
        Assert.Equal(4, lostCarry.FirstWrongStep);

        var p2 = new LabProblem { Family = "add", Id = "y", Difficulty = 2, Question = "Add 95 and 7.", Steps = [], Answer = 102 };
        Assert.Equal("step.ok", family.Check(p2, "5+7+0=12\n9+0+1=10\nAnswer: 102").Reason);
        Assert.Equal("answer.mismatch", family.Check(p2, "5+7+0=12\n9+0+1=10\nAnswer: 2").Reason);
    }

    [Fact]
    public void Lineq_reports_sign_errors_distinctly()
    {
        var family = new LinearEquationFamily();
        var p = new LabProblem { Family = "lineq", Id = "x", Difficulty = 3, Question = "Solve for x: -3x-7=8.", Steps = [], Answer = -5 };
        Assert.Equal("step.ok", family.Check(p, "-3x=8+7=15\nx=15/-3=-5\nAnswer: -5").Reason);
        var sign = family.Check(p, "-3x=8-7=1\nx=1/-3=0\nAnswer: 0");
        Assert.Equal("step.sign", sign.Reason);
        Assert.Equal(1, sign.FirstWrongStep);
        Assert.Equal("-3x=8+7=15", sign.ExpectedLine);
        var quotient = family.Check(p, "-3x=8+7=15\nx=15/-3=5\nAnswer: 5");
        Assert.Equal("step.arithmetic", quotient.Reason);
        Assert.Equal(2, quotient.FirstWrongStep);
    }

    [Fact]
    public void Difficulty_out_of_range_is_refused()
    {
        foreach (var f in LabFamilies.All)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => f.Generate(1, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => f.Generate(1, 0, f.MaxDifficulty + 1));
        }

        Assert.Throws<ArgumentException>(() => LabFamilies.Get("nope"));
    }

    [Fact]
    public void Add_difficulty_is_the_digit_count_of_the_longer_addend()
    {
        var family = new AddFamily();
        for (var d = 1; d <= family.MaxDifficulty; d++)
        {
            var p = family.Generate(1, 0, d);
            Assert.Equal(d, p.Steps.Count);
        }
    }

    private sealed class LabProblemComparer : IEqualityComparer<LabProblem>
    {
        public static LabProblemComparer Instance { get; } = new();

        public bool Equals(LabProblem? x, LabProblem? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Question == y.Question && x.Answer == y.Answer && x.Steps.SequenceEqual(y.Steps);

        public int GetHashCode(LabProblem obj) => obj.Question.GetHashCode(StringComparison.Ordinal);
    }
}
