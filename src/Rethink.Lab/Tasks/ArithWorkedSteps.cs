using System.Globalization;

namespace Rethink.Lab.Tasks;

public sealed partial class ArithFamily
{
    /// <inheritdoc />
    /// <remarks>
    /// A worked step reads <c>47+38: 7+8+0=15, 4+3+1=8; so 85</c> where the plain one reads <c>47+38=85</c>. Both check
    /// as right, so a model trained on a mix has two routes to every step, whose slips are not the same.
    /// </remarks>
    public string WorkedSolution(LabProblem problem, Func<int, bool> workStep)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(workStep);
        return LabSolution.Render(problem.Steps.Select((line, i) => workStep(i + 1) ? WorkedStep(line) : line), problem.Answer);
    }

    /// <summary>
    /// The worked form of a step line <c>a+b=c</c> whose value is right: the operation, its column-by-column working
    /// (<see cref="ColumnArithmetic.Compute"/>) and the value last.
    /// </summary>
    /// <exception cref="ArgumentException">The line is not a step, or its value is not the operation's.</exception>
    public static string WorkedStep(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var m = StepPattern().Match(line);
        if (!m.Success || !TryNumber(m.Groups["l"].Value, out var l) || !TryNumber(m.Groups["r"].Value, out var r) || !TryNumber(m.Groups["res"].Value, out var res))
        {
            throw new ArgumentException($"'{line}' is not an arith step of the form a+b=c.", nameof(line));
        }

        var (text, value) = ColumnArithmetic.Compute(l, m.Groups["op"].Value[0], r);
        if (value != res)
        {
            throw new ArgumentException($"'{line}' is wrong ({value.ToString(CultureInfo.InvariantCulture)}); only right steps are worked out.", nameof(line));
        }

        // Compute's text ends with the value (after "so " or, for a one-partial long product, after ", ").
        return text;
    }
}
