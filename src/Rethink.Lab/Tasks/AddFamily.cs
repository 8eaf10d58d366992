using System.Globalization;
using System.Text.RegularExpressions;

namespace Rethink.Lab.Tasks;

/// <summary>
/// <c>add</c>: n-digit addition solved column by column from the units, one line per column in the form
/// <c>a+b+carry=s</c> (a missing digit of the shorter number is 0). Difficulty = number of digits of the longer
/// addend (1..12), so a model trained on short sums can be tested on longer ones (length generalisation).
/// </summary>
public sealed partial class AddFamily : ITaskFamily
{
    /// <inheritdoc />
    public string Name => "add";

    /// <inheritdoc />
    public int MaxDifficulty => 12;

    /// <inheritdoc />
    public LabProblem Generate(int seed, int index, int difficulty)
    {
        LabRandom.CheckDifficulty(this, difficulty);
        var rng = LabRandom.For(Name, seed, index, difficulty);
        var a = RandomNumber(rng, difficulty);
        var b = RandomNumber(rng, rng.Next(1, difficulty + 1));
        if (rng.Next(2) == 0)
        {
            (a, b) = (b, a);
        }

        var (steps, sum) = Solve(a, b, wrongColumn: -1, rng: null);
        return new LabProblem
        {
            Family = Name,
            Id = LabRandom.Id(Name, seed, index, difficulty),
            Difficulty = difficulty,
            Question = string.Create(CultureInfo.InvariantCulture, $"Add {a} and {b}."),
            Steps = steps,
            Answer = sum,
        };
    }

    /// <inheritdoc />
    public StepCheck Check(LabProblem problem, string solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (a, b) = ParseQuestion(problem);
        var parsed = LabSolution.Parse(solution);
        var columns = Math.Max(Digits(a).Length, Digits(b).Length);
        var da = Digits(a);
        var db = Digits(b);
        var sums = new int[columns];
        for (var i = 0; i < columns; i++)
        {
            var step = i + 1;
            var x = i < da.Length ? da[i] : 0;
            var y = i < db.Length ? db[i] : 0;
            var carry = i == 0 ? 0 : sums[i - 1] >= 10 ? 1 : 0;
            var expectedLine = Line(x, y, carry, x + y + carry);
            if (i >= parsed.Steps.Count)
            {
                return Wrong(problem, parsed, step, "step.missing", $"Step {step} is missing; expected {expectedLine}.", expectedLine);
            }

            var m = StepPattern().Match(parsed.Steps[i]);
            if (!m.Success)
            {
                return Wrong(problem, parsed, step, "step.malformed", $"Step {step} '{parsed.Steps[i]}' is not of the form a+b+carry=s.", expectedLine);
            }

            var gx = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var gy = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var gc = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            var gs = int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
            if (gx != x || gy != y || gc != carry)
            {
                return Wrong(problem, parsed, step, "step.wrong_operand", $"Step {step} should add {x}+{y} with carry {carry}, not {gx}+{gy} with carry {gc}.", expectedLine);
            }

            if (gs != x + y + carry)
            {
                return Wrong(problem, parsed, step, "step.arithmetic", $"Step {step}: {x}+{y}+{carry} is {x + y + carry}, not {gs}.", expectedLine);
            }

            sums[i] = gs;
        }

        return LabChecks.FinishSteps(problem, parsed, columns, Assemble(sums));
    }

    /// <inheritdoc />
    public FlawedSolution InjectError(LabProblem problem, int step, Random rng)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rng);
        var (a, b) = ParseQuestion(problem);
        var columns = Math.Max(Digits(a).Length, Digits(b).Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, columns);
        var (correct, _) = Solve(a, b, -1, null);
        var (steps, sum) = Solve(a, b, step - 1, rng);
        return new FlawedSolution(LabSolution.Render(steps, sum), step, sum, correct[step - 1], steps[step - 1]);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Review(LabProblem problem, string solution, ReviewStyle style = ReviewStyle.Recompute) =>
        LabChecks.Review(
            this, problem, solution, style,
            (step, line) => ReviewStep(step, line, style),
            (step, line) => StepPattern().IsMatch(line) ? ReviewStep(step, line, style) : null);

    // A column is already one-digit work: the review restates its sum.
    private static string ReviewStep(int step, string line, ReviewStyle style)
    {
        var m = StepPattern().Match(line);
        var x = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var y = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var c = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        var s = int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
        return LabChecks.Opening(step, line, style) + string.Create(CultureInfo.InvariantCulture, $"{x}+{y}+{c} is {x + y + c}") + LabChecks.Verdict(x + y + c, s, style);
    }

    private static StepCheck Wrong(LabProblem problem, ParsedSolution parsed, int step, string reason, string explanation, string expectedLine) =>
        new(parsed.Answer == problem.Answer, false, step, reason, explanation, expectedLine);

    // Column-by-column sum; when wrongColumn >= 0 that column's sum is off by one and the carry follows the wrong sum.
    private static (List<string> Steps, long Sum) Solve(long a, long b, int wrongColumn, Random? rng)
    {
        var da = Digits(a);
        var db = Digits(b);
        var columns = Math.Max(da.Length, db.Length);
        var sums = new int[columns];
        var steps = new List<string>();
        for (var i = 0; i < columns; i++)
        {
            var x = i < da.Length ? da[i] : 0;
            var y = i < db.Length ? db[i] : 0;
            var carry = i == 0 ? 0 : sums[i - 1] >= 10 ? 1 : 0;
            var s = x + y + carry;
            if (i == wrongColumn)
            {
                s = s == 0 ? 1 : s == 19 ? 18 : s + (rng!.Next(2) == 0 ? 1 : -1);
            }

            sums[i] = s;
            steps.Add(Line(x, y, carry, s));
        }

        return (steps, Assemble(sums));
    }

    private static long Assemble(int[] sums)
    {
        long value = 0;
        long place = 1;
        foreach (var s in sums)
        {
            value += (s % 10) * place;
            place *= 10;
        }

        if (sums.Length > 0 && sums[^1] >= 10)
        {
            value += place;
        }

        return value;
    }

    private static string Line(int x, int y, int carry, int s) => string.Create(CultureInfo.InvariantCulture, $"{x}+{y}+{carry}={s}");

    private static int[] Digits(long v) => ColumnArithmetic.Digits(v);

    private static long RandomNumber(Random rng, int digits)
    {
        long v = rng.Next(1, 10);
        for (var i = 1; i < digits; i++)
        {
            v = (v * 10) + rng.Next(10);
        }

        return v;
    }

    private static (long A, long B) ParseQuestion(LabProblem problem)
    {
        var m = QuestionPattern().Match(problem.Question);
        if (!m.Success)
        {
            throw new ArgumentException($"Not an add question: '{problem.Question}'.", nameof(problem));
        }

        return (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(\d)\+(\d)\+(\d)=(\d{1,2})$")]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"^Add (\d+) and (\d+)\.$")]
    private static partial Regex QuestionPattern();
}
