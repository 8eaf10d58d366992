using Rethink.Lab.Tasks;

namespace Rethink.Lab.Tests.Tasks;

/// <summary>
/// The written re-check a critic learns (<see cref="ITaskFamily.Review"/>) must agree with the step checker on every
/// solution: otherwise the critique data would teach the model to call right steps wrong, or the reverse.
/// </summary>
public class ReviewTests
{
    public static TheoryData<string, ReviewStyle> FamiliesAndStyles => new()
    {
        { "arith", ReviewStyle.Recompute }, { "add", ReviewStyle.Recompute }, { "lineq", ReviewStyle.Recompute },
        { "arith", ReviewStyle.QuoteFirst }, { "add", ReviewStyle.QuoteFirst }, { "lineq", ReviewStyle.QuoteFirst },
        { "arith", ReviewStyle.QuoteEveryStep }, { "add", ReviewStyle.QuoteEveryStep }, { "lineq", ReviewStyle.QuoteEveryStep },
        { "arith", ReviewStyle.CompareSideBySide }, { "add", ReviewStyle.CompareSideBySide }, { "lineq", ReviewStyle.CompareSideBySide },
    };

    public static TheoryData<string> Families => new() { "arith", "add", "lineq" };

    [Theory]
    [InlineData("arith", "Compute 6-8+9.", "6-8=-2\n(-2)+9=17\nAnswer: 17", "Step 1: 6-8 is -(8-6): 8-6-0=2; so -2. It says -2: right.|Step 2: (-2)+9 is 9-2: 9-2-0=7; so 7. It says 17: wrong.")]
    [InlineData("arith", "Compute 17*7*9.", "17*7=119\n119*9=1091\nAnswer: 1091", "Step 1: 17*7: 7*7+0=49, 1*7+4=11; so 119. It says 119: right.|Step 2: 119*9: 9*9+0=81, 1*9+8=17, 1*9+1=10; so 1071. It says 1091: wrong.")]
    [InlineData("arith", "Compute 42-(36-(5-16)).", "5-16=-11\n42-(-11)=133\n42-133=-91\nAnswer: -91", "Step 1: 5-16 is -(16-5): 6-5-0=1, 1-0-0=1; so -11. It says -11: right.|Step 2 should compute 36-(-11), not 42-(-11).")]
    [InlineData("arith", "Compute 8-9+5.", "8-9=-1\n(-1)+5=4\nAnswer: 4", "Step 1: 8-9 is -(9-8): 9-8-0=1; so -1. It says -1: right.|Step 2: (-1)+5 is 5-1: 5-1-0=4; so 4. It says 4: right.")]
    [InlineData("arith", "Compute 8-9+5.", "8-9=-1\n(-1)+5=4\nAnswer: 5", "Step 1: 8-9 is -(9-8): 9-8-0=1; so -1. It says -1: right.|Step 2: (-1)+5 is 5-1: 5-1-0=4; so 4. It says 4: right.|The steps give 4 but the answer line says 5.")]
    [InlineData("lineq", "Solve for x: 6x+42=60.", "6x=60-42=28\nx=28/6=4\nAnswer: 4", "Step 1: 60-42: 10-2-0=8, 6-4-1=1; so 18. It says 28: wrong.")]
    [InlineData("lineq", "Solve for x: 5x+39=-26.", "5x=-26-39=-65\nx=-65/5=-12\nAnswer: -12", "Step 1: (-26)-39 is -(26+39): 6+9+0=15, 2+3+1=6; so -65. It says -65: right.|Step 2: x=-65/5=-12 checks as (-12)*5 is -(12*5): 2*5+0=10, 1*5+1=6; so -60. It should give -65: wrong.")]
    [InlineData("lineq", "Solve for x: 3x+43=46.", "3x=46+43=89\nx=89/3=29\nAnswer: 29", "Step 1: moving +43 to the right side changes its sign, so it is 46-43.")]
    [InlineData("add", "Add 478 and 96.", "8+6+0=14\n7+9+1=16\n4+0+1=5\nAnswer: 564", "Step 1: 8+6+0 is 14. It says 14: right.|Step 2: 7+9+1 is 17. It says 16: wrong.")]
    public void Hand_written_cases(string name, string question, string solution, string expected)
    {
        Assert.Equal(expected.Split('|'), ReviewHand(name, question, solution, ReviewStyle.Recompute));
    }

    // The step is quoted as the answer wrote it, and the token after the recomputed value is the verdict.
    [Theory]
    [InlineData("arith", "Compute 6-8+9.", "6-8=-2\n(-2)+9=17\nAnswer: 17", "Step 1: 6-8=-2. 6-8 is -(8-6): 8-6-0=2; so -2: right.|Step 2: (-2)+9=17. (-2)+9 is 9-2: 9-2-0=7; so 7, not 17: wrong.")]
    [InlineData("arith", "Compute 17*7*9.", "17*7=119\n119*9=1091\nAnswer: 1091", "Step 1: 17*7=119. 17*7: 7*7+0=49, 1*7+4=11; so 119: right.|Step 2: 119*9=1091. 119*9: 9*9+0=81, 1*9+8=17, 1*9+1=10; so 1071, not 1091: wrong.")]
    [InlineData("arith", "Compute 42-(36-(5-16)).", "5-16=-11\n42-(-11)=133\n42-133=-91\nAnswer: -91", "Step 1: 5-16=-11. 5-16 is -(16-5): 6-5-0=1, 1-0-0=1; so -11: right.|Step 2 should compute 36-(-11), not 42-(-11).")]
    [InlineData("arith", "Compute 8-9+5.", "8-9=-1\n(-1)+5=4\nAnswer: 5", "Step 1: 8-9=-1. 8-9 is -(9-8): 9-8-0=1; so -1: right.|Step 2: (-1)+5=4. (-1)+5 is 5-1: 5-1-0=4; so 4: right.|The steps give 4 but the answer line says 5.")]
    [InlineData("lineq", "Solve for x: 6x+42=60.", "6x=60-42=28\nx=28/6=4\nAnswer: 4", "Step 1: 6x=60-42=28. 60-42: 10-2-0=8, 6-4-1=1; so 18, not 28: wrong.")]
    [InlineData("lineq", "Solve for x: 5x+39=-26.", "5x=-26-39=-65\nx=-65/5=-12\nAnswer: -12", "Step 1: 5x=-26-39=-65. (-26)-39 is -(26+39): 6+9+0=15, 2+3+1=6; so -65: right.|Step 2: x=-65/5=-12. Back: (-12)*5 is -(12*5): 2*5+0=10, 1*5+1=6; so -60, not -65: wrong.")]
    [InlineData("lineq", "Solve for x: 5x+39=-26.", "5x=-26-39=-65\nx=-65/5=-13\nAnswer: -13", "Step 1: 5x=-26-39=-65. (-26)-39 is -(26+39): 6+9+0=15, 2+3+1=6; so -65: right.|Step 2: x=-65/5=-13. Back: (-13)*5 is -(13*5): 3*5+0=15, 1*5+1=6; so -65: right.")]
    [InlineData("add", "Add 478 and 96.", "8+6+0=14\n7+9+1=16\n4+0+1=5\nAnswer: 564", "Step 1: 8+6+0=14. 8+6+0 is 14: right.|Step 2: 7+9+1=16. 7+9+1 is 17, not 16: wrong.")]
    public void Hand_written_cases_quoting_the_step_first(string name, string question, string solution, string expected)
    {
        Assert.Equal(expected.Split('|'), ReviewHand(name, question, solution, ReviewStyle.QuoteFirst));
    }

    [Theory]
    [MemberData(nameof(FamiliesAndStyles))]
    public void A_right_solution_is_reviewed_right_at_every_step(string name, ReviewStyle style)
    {
        var family = LabFamilies.Get(name);
        for (var d = 1; d <= Math.Min(family.MaxDifficulty, 6); d++)
        {
            for (var i = 0; i < 150; i++)
            {
                var p = family.Generate(21, i, d);
                var review = family.Review(p, p.Solution, style);
                Assert.Equal(p.Steps.Count, review.Count);
                for (var k = 0; k < review.Count; k++)
                {
                    Assert.StartsWith(LabChecks.Quotes(style) ? $"Step {k + 1}: {p.Steps[k]}. " : $"Step {k + 1}: ", review[k], StringComparison.Ordinal);
                    Assert.EndsWith(": right.", review[k], StringComparison.Ordinal);
                }
            }
        }
    }

    [Theory]
    [InlineData("arith", "Compute 3+19-17.", "3+19=-78\n(-78)-17=-95\nAnswer: -95", "Step 1: 3+19=-78. 3+19: 3+9+0=12, 0+1+1=2; so 22, not -78: wrong.|Step 2: (-78)-17=-95. (-78)-17 is -(78+17): 8+7+0=15, 7+1+1=9; so -95: right.")]
    [InlineData("arith", "Compute 17*7*9.", "17*7=118\n118*9=1063\nAnswer: 1063", "Step 1: 17*7=118. 17*7: 7*7+0=49, 1*7+4=11; so 119, not 118: wrong.|Step 2: 118*9=1063. 118*9: 8*9+0=72, 1*9+7=16, 1*9+1=10; so 1062, not 1063: wrong.")]
    [InlineData("arith", "Compute 42-(36-(5-16)).", "5-16=-11\n42-(-11)=133\n42-133=-91\nAnswer: -91", "Step 1: 5-16=-11. 5-16 is -(16-5): 6-5-0=1, 1-0-0=1; so -11: right.|Step 2 should compute 36-(-11), not 42-(-11).|Step 3: 42-133=-91. 42-133 is -(133-42): 3-2-0=1, 13-4-0=9, 1-0-1=0; so -91: right.")]
    [InlineData("arith", "Compute 8-9+5.", "8-9=-2\nso then\n(-2)+5=3\nAnswer: 3", "Step 1: 8-9=-2. 8-9 is -(9-8): 9-8-0=1; so -1, not -2: wrong.|Step 3: (-2)+5=3. (-2)+5 is 5-2: 5-2-0=3; so 3: right.")]
    [InlineData("arith", "Compute 8-9+5.", "8-9=-2\n(-2)+5=12345678901\nAnswer: 12345678901", "Step 1: 8-9=-2. 8-9 is -(9-8): 9-8-0=1; so -1, not -2: wrong.")]
    [InlineData("arith", "Compute 8-9+5.", "8-9=-1\n(-1)+5=4\n4+1=5\nAnswer: 5", "Step 1: 8-9=-1. 8-9 is -(9-8): 9-8-0=1; so -1: right.|Step 2: (-1)+5=4. (-1)+5 is 5-1: 5-1-0=4; so 4: right.|Step 3 '4+1=5' is not needed; the solution has 2 steps.")]
    [InlineData("lineq", "Solve for x: 6x+42=60.", "6x=60-42=28\nx=28/6=4\nAnswer: 4", "Step 1: 6x=60-42=28. 60-42: 10-2-0=8, 6-4-1=1; so 18, not 28: wrong.|Step 2: x=28/6=4. Back: 4*6: 4*6+0=24; so 24, not 28: wrong.")]
    [InlineData("lineq", "Solve for x: 6x+42=60.", "6x=60-42=28\nx=28/6=4\nx=4\nAnswer: 4", "Step 1: 6x=60-42=28. 60-42: 10-2-0=8, 6-4-1=1; so 18, not 28: wrong.|Step 2: x=28/6=4. Back: 4*6: 4*6+0=24; so 24, not 28: wrong.")]
    [InlineData("add", "Add 478 and 96.", "8+6+0=14\n7+9+1=16\n4+0+1=5\nAnswer: 564", "Step 1: 8+6+0=14. 8+6+0 is 14: right.|Step 2: 7+9+1=16. 7+9+1 is 17, not 16: wrong.|Step 3: 4+0+1=5. 4+0+1 is 5: right.")]
    public void Hand_written_cases_reviewing_every_step(string name, string question, string solution, string expected)
    {
        Assert.Equal(expected.Split('|'), ReviewHand(name, question, solution, ReviewStyle.QuoteEveryStep));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Reviewing_every_step_adds_the_later_steps_each_judged_on_its_own_arithmetic(string name)
    {
        var family = LabFamilies.Get(name);
        var rng = new Random(9);
        int later = 0, laterRight = 0;
        for (var d = 1; d <= Math.Min(family.MaxDifficulty, 6); d++)
        {
            for (var i = 0; i < 100; i++)
            {
                var p = family.Generate(23, i, d);
                var flawed = family.InjectError(p, rng.Next(1, p.Steps.Count + 1), rng);
                var steps = LabSolution.Parse(flawed.Text).Steps;
                var upToError = family.Review(p, flawed.Text, ReviewStyle.QuoteFirst);
                var every = family.Review(p, flawed.Text, ReviewStyle.QuoteEveryStep);
                Assert.Equal(upToError, every.Take(upToError.Count));
                var first = family.Check(p, flawed.Text).FirstWrongStep!.Value;
                Assert.Equal(steps.Count - first, every.Count - upToError.Count);
                for (var k = first + 1; k <= steps.Count; k++)
                {
                    var line = every[upToError.Count + k - first - 1];
                    Assert.StartsWith($"Step {k}: {steps[k - 1]}. ", line, StringComparison.Ordinal);
                    var right = HoldsOnItsOwn(steps[k - 1]);
                    Assert.EndsWith(right ? ": right." : ": wrong.", line, StringComparison.Ordinal);
                    later++;
                    laterRight += right ? 1 : 0;
                }
            }
        }

        // arith and add steps carry the wrong value forward and are mostly right on their own, so the copying they teach
        // does not tilt the verdicts towards "wrong"; a lineq division after a wrong move is usually inexact, so wrong.
        Assert.True(later > 100, $"only {later} later steps reviewed");
        if (name == "lineq")
        {
            Assert.True(laterRight < later / 2, $"{laterRight} of {later} later lineq divisions right");
        }
        else
        {
            Assert.True(laterRight > later / 2, $"{laterRight} of {later} later steps right");
        }
    }

    // The step's own arithmetic, evaluated here independently of the families' code: "a op b=c" (arith), "a+b+c=s"
    // (add), "x=n/d=q" (lineq division, right when q*d is n).
    private static bool HoldsOnItsOwn(string step)
    {
        static long N(string s) => long.Parse(s.Trim('(', ')'), System.Globalization.CultureInfo.InvariantCulture);
        var division = System.Text.RegularExpressions.Regex.Match(step, @"^x=(-?\d+)/(-?\d+)=(-?\d+)$");
        if (division.Success)
        {
            return N(division.Groups[3].Value) * N(division.Groups[2].Value) == N(division.Groups[1].Value);
        }

        var column = System.Text.RegularExpressions.Regex.Match(step, @"^(\d)\+(\d)\+(\d)=(\d+)$");
        if (column.Success)
        {
            return N(column.Groups[1].Value) + N(column.Groups[2].Value) + N(column.Groups[3].Value) == N(column.Groups[4].Value);
        }

        var op = System.Text.RegularExpressions.Regex.Match(step, @"^(\(-\d+\)|-?\d+)([+\-*])(\(-\d+\)|\d+)=(-?\d+)$");
        Assert.True(op.Success, $"unexpected step '{step}'");
        var (l, r) = (N(op.Groups[1].Value), N(op.Groups[3].Value));
        var value = op.Groups[2].Value switch { "+" => l + r, "-" => l - r, _ => l * r };
        return value == N(op.Groups[4].Value);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndStyles))]
    public void A_flawed_solution_is_reviewed_right_up_to_its_wrong_step_which_the_review_names(string name, ReviewStyle style)
    {
        var family = LabFamilies.Get(name);
        var rng = new Random(8);
        var caught = 0;
        for (var d = 1; d <= Math.Min(family.MaxDifficulty, 6); d++)
        {
            for (var i = 0; i < 100; i++)
            {
                var p = family.Generate(22, i, d);
                var step = rng.Next(1, p.Steps.Count + 1);
                var flawed = family.InjectError(p, step, rng);
                var check = family.Check(p, flawed.Text);
                var review = family.Review(p, flawed.Text, style);
                if (LabChecks.ReviewsLaterSteps(style))
                {
                    // The later steps are checked by the test above.
                    review = review.Take(check.FirstWrongStep!.Value).ToList();
                }

                Assert.Equal(check.FirstWrongStep!.Value, review.Count);
                Assert.All(review.Take(review.Count - 1), line => Assert.EndsWith(": right.", line, StringComparison.Ordinal));
                var last = review[^1];
                Assert.StartsWith($"Step {check.FirstWrongStep}", last, StringComparison.Ordinal);
                Assert.DoesNotContain("right.", last, StringComparison.Ordinal);
                if (check.Reason == "step.arithmetic")
                {
                    Assert.EndsWith(": wrong.", last, StringComparison.Ordinal);
                    if (LabChecks.Quotes(style))
                    {
                        // The claim named after "not" is the one the quoted step makes.
                        var quoted = LabSolution.Parse(flawed.Text).Steps[check.FirstWrongStep.Value - 1];
                        Assert.StartsWith($"Step {check.FirstWrongStep}: {quoted}. ", last, StringComparison.Ordinal);
                        // (A division's claim is its numerator, which the answer times the divisor must give back.)
                        var claim = System.Text.RegularExpressions.Regex.Match(quoted, name == "lineq" && check.FirstWrongStep == 2 ? "^x=(-?[0-9]+)/" : "=(-?[0-9]+)$").Groups[1].Value;
                        Assert.Contains(style == ReviewStyle.CompareSideBySide ? $"; it says {claim}; " : $", not {claim}: wrong.", last, StringComparison.Ordinal);
                    }

                    caught++;
                }
            }
        }

        Assert.True(caught > 100, $"only {caught} arithmetic slips reviewed");
    }

    [Theory]
    [InlineData("arith", "Compute 17*7*9.", "17*7=119\n119*9=1091\nAnswer: 1091", "Step 1: 17*7=119. 17*7: 7*7+0=49, 1*7+4=11; so 119; it says 119; 119 and 119 agree: right.|Step 2: 119*9=1091. 119*9: 9*9+0=81, 1*9+8=17, 1*9+1=10; so 1071; it says 1091; 1071 and 1091 differ: wrong.")]
    [InlineData("arith", "Compute 3+19-17.", "3+19=-78\n(-78)-17=-95\nAnswer: -95", "Step 1: 3+19=-78. 3+19: 3+9+0=12, 0+1+1=2; so 22; it says -78; 22 and -78 differ: wrong.|Step 2: (-78)-17=-95. (-78)-17 is -(78+17): 8+7+0=15, 7+1+1=9; so -95; it says -95; -95 and -95 agree: right.")]
    [InlineData("arith", "Compute 42-(36-(5-16)).", "5-16=-11\n42-(-11)=133\n42-133=-91\nAnswer: -91", "Step 1: 5-16=-11. 5-16 is -(16-5): 6-5-0=1, 1-0-0=1; so -11; it says -11; -11 and -11 agree: right.|Step 2 should compute 36-(-11), not 42-(-11).|Step 3: 42-133=-91. 42-133 is -(133-42): 3-2-0=1, 13-4-0=9, 1-0-1=0; so -91; it says -91; -91 and -91 agree: right.")]
    [InlineData("lineq", "Solve for x: 5x+39=-26.", "5x=-26-39=-65\nx=-65/5=-12\nAnswer: -12", "Step 1: 5x=-26-39=-65. (-26)-39 is -(26+39): 6+9+0=15, 2+3+1=6; so -65; it says -65; -65 and -65 agree: right.|Step 2: x=-65/5=-12. Back: (-12)*5 is -(12*5): 2*5+0=10, 1*5+1=6; so -60; it says -65; -60 and -65 differ: wrong.")]
    [InlineData("add", "Add 478 and 96.", "8+6+0=14\n7+9+1=16\n4+0+1=5\nAnswer: 564", "Step 1: 8+6+0=14. 8+6+0 is 14; it says 14; 14 and 14 agree: right.|Step 2: 7+9+1=16. 7+9+1 is 17; it says 16; 17 and 16 differ: wrong.|Step 3: 4+0+1=5. 4+0+1 is 5; it says 5; 5 and 5 agree: right.")]
    public void Hand_written_cases_comparing_side_by_side(string name, string question, string solution, string expected)
    {
        Assert.Equal(expected.Split('|'), ReviewHand(name, question, solution, ReviewStyle.CompareSideBySide));
    }

    // The side-by-side style changes only how a line ends: the same lines as QuoteEveryStep, in the same order, each
    // re-checked the same way, and the value, the claim and the verdict it writes out are the ones QuoteEveryStep's
    // line implies. Right and flawed solutions of every family, so every line shape is covered.
    [Theory]
    [MemberData(nameof(Families))]
    public void Comparing_side_by_side_rewrites_only_the_ending_of_each_quoting_line(string name)
    {
        var family = LabFamilies.Get(name);
        var rng = new Random(10);
        int agree = 0, differ = 0;
        for (var d = 1; d <= Math.Min(family.MaxDifficulty, 6); d++)
        {
            for (var i = 0; i < 60; i++)
            {
                var p = family.Generate(24, i, d);
                foreach (var solution in new[] { p.Solution, family.InjectError(p, rng.Next(1, p.Steps.Count + 1), rng).Text })
                {
                    var every = family.Review(p, solution, ReviewStyle.QuoteEveryStep);
                    var compare = family.Review(p, solution, ReviewStyle.CompareSideBySide);
                    Assert.Equal(every.Count, compare.Count);
                    for (var k = 0; k < every.Count; k++)
                    {
                        var wrong = System.Text.RegularExpressions.Regex.Match(every[k], @"^(.* )(-?\d+), not (-?\d+): wrong\.$");
                        var right = System.Text.RegularExpressions.Regex.Match(every[k], @"^(.* )(-?\d+): right\.$");
                        if (wrong.Success)
                        {
                            var (head, value, claim) = (wrong.Groups[1].Value, wrong.Groups[2].Value, wrong.Groups[3].Value);
                            Assert.Equal($"{head}{value}; it says {claim}; {value} and {claim} differ: wrong.", compare[k]);
                            differ++;
                        }
                        else if (right.Success)
                        {
                            var (head, value) = (right.Groups[1].Value, right.Groups[2].Value);
                            Assert.Equal($"{head}{value}; it says {value}; {value} and {value} agree: right.", compare[k]);
                            agree++;
                        }
                        else
                        {
                            // A structural explanation (wrong operands, a missing or extra step, the answer line).
                            Assert.Equal(every[k], compare[k]);
                        }
                    }
                }
            }
        }

        Assert.True(agree > 100 && differ > 50, $"{agree} agreeing and {differ} differing lines");
    }

    // A hand-written solution to a hand-written question, reviewed in one style (the checkers read the question only).
    private static IReadOnlyList<string> ReviewHand(string name, string question, string solution, ReviewStyle style) =>
        LabFamilies.Get(name).Review(new LabProblem { Family = name, Id = "hand", Difficulty = 1, Question = question, Steps = [], Answer = 0 }, solution, style);
}
