using System.Globalization;
using System.Text.RegularExpressions;

namespace Rethink.Lab.Tasks;

/// <summary>
/// <c>lineq</c>: solve <c>a*x+b=c</c> for an integer x in two steps, <c>3x=22-7=15</c> then <c>x=15/3=5</c>. Its typical
/// error is a sign error when moving b across (a different kind of mistake from the arithmetic slips of
/// <see cref="ArithFamily"/>). Difficulty 1: positive a, b, x; 2: b and x may be negative; 3: a may be negative too.
/// </summary>
public sealed partial class LinearEquationFamily : ITaskFamily
{
    /// <inheritdoc />
    public string Name => "lineq";

    /// <inheritdoc />
    public int MaxDifficulty => 3;

    /// <inheritdoc />
    public LabProblem Generate(int seed, int index, int difficulty)
    {
        LabRandom.CheckDifficulty(this, difficulty);
        var rng = LabRandom.For(Name, seed, index, difficulty);
        long a = rng.Next(2, difficulty == 3 ? 13 : 10);
        if (difficulty == 3 && rng.Next(2) == 0)
        {
            a = -a;
        }

        long x = difficulty == 1 ? rng.Next(0, 21) : rng.Next(-20, 21);
        long b = difficulty == 1 ? rng.Next(1, 51) : NonZero(rng, 50);
        var c = (a * x) + b;
        var (steps, answer) = Solve(a, b, c, -1, null);
        return new LabProblem
        {
            Family = Name,
            Id = LabRandom.Id(Name, seed, index, difficulty),
            Difficulty = difficulty,
            Question = $"Solve for x: {Equation(a, b, c)}.",
            Steps = steps,
            Answer = answer,
        };
    }

    /// <inheritdoc />
    public StepCheck Check(LabProblem problem, string solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (a, b, c) = ParseQuestion(problem);
        var parsed = LabSolution.Parse(solution);
        var op = b > 0 ? '-' : '+';
        var v = c - b;
        var line1 = MoveLine(a, c, op, Math.Abs(b), v);
        if (parsed.Steps.Count < 1)
        {
            return Wrong(problem, parsed, 1, "step.missing", $"Step 1 is missing; expected {line1}.", line1);
        }

        var m1 = MovePattern().Match(parsed.Steps[0]);
        if (!m1.Success)
        {
            return Wrong(problem, parsed, 1, "step.malformed", $"Step 1 '{parsed.Steps[0]}' is not of the form ax=c-b=v.", line1);
        }

        var ga = Long(m1.Groups[1].Value);
        var gc = Long(m1.Groups[2].Value);
        var gop = m1.Groups[3].Value[0];
        var gb = Long(m1.Groups[4].Value);
        var gv = Long(m1.Groups[5].Value);
        if (ga != a || gc != c || gb != Math.Abs(b))
        {
            return Wrong(problem, parsed, 1, "step.wrong_operand", $"Step 1 should move {Math.Abs(b).ToString(CultureInfo.InvariantCulture)} across {Equation(a, b, c)}.", line1);
        }

        if (gop != op)
        {
            return Wrong(problem, parsed, 1, "step.sign", $"Step 1: moving {(b > 0 ? "+" : "-")}{Math.Abs(b).ToString(CultureInfo.InvariantCulture)} to the right side changes its sign, so it is {Inv(c)}{op}{Inv(Math.Abs(b))}.", line1);
        }

        if (gv != v)
        {
            return Wrong(problem, parsed, 1, "step.arithmetic", $"Step 1: {Inv(c)}{op}{Inv(Math.Abs(b))} is {Inv(v)}, not {Inv(gv)}.", line1);
        }

        var exact = gv % a == 0;
        var line2 = DivideLine(gv, a, exact ? gv / a : 0);
        if (parsed.Steps.Count < 2)
        {
            return Wrong(problem, parsed, 2, "step.missing", $"Step 2 is missing; expected {line2}.", line2);
        }

        var m2 = DividePattern().Match(parsed.Steps[1]);
        if (!m2.Success)
        {
            return Wrong(problem, parsed, 2, "step.malformed", $"Step 2 '{parsed.Steps[1]}' is not of the form x=v/a=r.", line2);
        }

        var num = Long(m2.Groups[1].Value);
        var den = Long(m2.Groups[2].Value);
        var res = Long(m2.Groups[3].Value);
        if (num != gv || den != a)
        {
            return Wrong(problem, parsed, 2, "step.wrong_operand", $"Step 2 should divide {Inv(gv)} by {Inv(a)}.", line2);
        }

        if (!exact || res * a != gv)
        {
            return Wrong(problem, parsed, 2, "step.arithmetic", $"Step 2: {Inv(gv)}/{Inv(a)} is {Inv(gv / a)}, not {Inv(res)}.", line2);
        }

        return LabChecks.FinishSteps(problem, parsed, 2, res);
    }

    /// <inheritdoc />
    public FlawedSolution InjectError(LabProblem problem, int step, Random rng)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, 2);
        var (a, b, c) = ParseQuestion(problem);
        var (correct, right) = Solve(a, b, c, -1, null);
        var (steps, answer) = Solve(a, b, c, step - 1, rng);

        // A wrong move can be truncated back onto the right x (16/3 -> 5); a flawed solution must end wrong, so redraw.
        for (var tries = 0; answer == right && tries < 32; tries++)
        {
            (steps, answer) = Solve(a, b, c, step - 1, rng);
        }

        return new FlawedSolution(LabSolution.Render(steps, answer), step, answer, correct[step - 1], steps[step - 1]);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Review(LabProblem problem, string solution, ReviewStyle style = ReviewStyle.Recompute) =>
        LabChecks.Review(
            this, problem, solution, style,
            (step, line) => ReviewStep(step, line, style),
            (step, line) => TryReviewStep(step, line, style));

    // Only step 2 can follow a wrong step: it is reviewed when it is a division the lab writes.
    private static string? TryReviewStep(int step, string line, ReviewStyle style)
    {
        var m = DividePattern().Match(line);
        return step == 2 && m.Success && LabChecks.TryOperand(m.Groups[1].Value, out _) && LabChecks.TryOperand(m.Groups[2].Value, out _) && LabChecks.TryOperand(m.Groups[3].Value, out _)
            ? ReviewStep(step, line, style)
            : null;
    }

    // Step 1 is recomputed column by column; step 2 (a division) is checked the other way round, by multiplying back.
    private static string ReviewStep(int step, string line, ReviewStyle style)
    {
        if (step == 1)
        {
            var m1 = MovePattern().Match(line);
            var (text, value) = ColumnArithmetic.Compute(Long(m1.Groups[2].Value), m1.Groups[3].Value[0], Long(m1.Groups[4].Value));
            return LabChecks.Opening(1, line, style) + text + LabChecks.Verdict(value, Long(m1.Groups[5].Value), style);
        }

        var m2 = DividePattern().Match(line);
        var num = Long(m2.Groups[1].Value);
        var (back, product) = ColumnArithmetic.Compute(Long(m2.Groups[3].Value), '*', Long(m2.Groups[2].Value));
        return LabChecks.Quotes(style)
            ? LabChecks.Opening(2, line, style) + "Back: " + back + LabChecks.Verdict(product, num, style)
            : string.Create(CultureInfo.InvariantCulture, $"Step 2: {line} checks as {back}.")
                + string.Create(CultureInfo.InvariantCulture, $" It should give {num}: {(product == num ? "right" : "wrong")}.");
    }

    private static StepCheck Wrong(LabProblem problem, ParsedSolution parsed, int step, string reason, string explanation, string expectedLine) =>
        new(parsed.Answer == problem.Answer, false, step, reason, explanation, expectedLine);

    // wrongStep 0: a sign error (half the time) or an off-by-some move; wrongStep 1: a wrong quotient. Later steps
    // follow the wrong value; a quotient that is no longer exact is truncated, as a hurried solver would.
    private static (List<string> Steps, long Answer) Solve(long a, long b, long c, int wrongStep, Random? rng)
    {
        var op = b > 0 ? '-' : '+';
        var v = c - b;
        if (wrongStep == 0)
        {
            if (rng!.Next(2) == 0)
            {
                op = op == '-' ? '+' : '-';
                v = c + b;
            }
            else
            {
                v = LabChecks.Perturb(v, rng);
            }
        }

        var r = v / a;
        if (wrongStep == 1)
        {
            r = r + (rng!.Next(2) == 0 ? 1 : -1);
        }

        return ([MoveLine(a, c, op, Math.Abs(b), v), DivideLine(v, a, r)], r);
    }

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static long NonZero(Random rng, int max)
    {
        var v = rng.Next(1, max + 1);
        return rng.Next(2) == 0 ? v : -v;
    }

    private static string Equation(long a, long b, long c) =>
        $"{Inv(a)}x{(b > 0 ? "+" : "-")}{Inv(Math.Abs(b))}={Inv(c)}";

    private static string MoveLine(long a, long c, char op, long absB, long v) => $"{Inv(a)}x={Inv(c)}{op}{Inv(absB)}={Inv(v)}";

    private static string DivideLine(long v, long a, long r) => $"x={Inv(v)}/{Inv(a)}={Inv(r)}";

    private static (long A, long B, long C) ParseQuestion(LabProblem problem)
    {
        var m = QuestionPattern().Match(problem.Question);
        if (!m.Success)
        {
            throw new ArgumentException($"Not a lineq question: '{problem.Question}'.", nameof(problem));
        }

        var b = Long(m.Groups[3].Value);
        return (Long(m.Groups[1].Value), m.Groups[2].Value == "-" ? -b : b, Long(m.Groups[4].Value));
    }

    [GeneratedRegex(@"^Solve for x: (-?\d+)x([+-])(\d+)=(-?\d+)\.$")]
    private static partial Regex QuestionPattern();

    [GeneratedRegex(@"^(-?\d+)x=(-?\d+)([+-])(\d+)=(-?\d+)$")]
    private static partial Regex MovePattern();

    [GeneratedRegex(@"^x=(-?\d+)/(-?\d+)=(-?\d+)$")]
    private static partial Regex DividePattern();
}
