using System.Globalization;

namespace Rethink.Lab.Tasks;

public sealed partial class ArithFamily
{
    /// <inheritdoc />
    public IReadOnlyList<string> Review(LabProblem problem, string solution, ReviewStyle style = ReviewStyle.Recompute) =>
        LabChecks.Review(
            this, problem, solution, style,
            // A worked step is reviewed, and quoted, in its short form.
            (step, line) => ReviewStep(step, Short(line), style),
            (step, line) => TryReviewStep(step, Short(line), style));

    // A later step of a flawed solution, checked on its own arithmetic; null when it is not an operation the lab writes.
    private static string? TryReviewStep(int step, string line, ReviewStyle style)
    {
        var m = StepPattern().Match(line);
        return m.Success && LabChecks.TryOperand(m.Groups["l"].Value, out _) && LabChecks.TryOperand(m.Groups["r"].Value, out _) && LabChecks.TryOperand(m.Groups["res"].Value, out _)
            ? ReviewStep(step, line, style)
            : null;
    }

    private static string ReviewStep(int step, string line, ReviewStyle style)
    {
        var m = StepPattern().Match(line);
        var (text, value) = ColumnArithmetic.Compute(ParseOperand(m.Groups["l"].Value), m.Groups["op"].Value[0], ParseOperand(m.Groups["r"].Value));
        var claimed = long.Parse(m.Groups["res"].Value, CultureInfo.InvariantCulture);
        return LabChecks.Opening(step, line, style) + text + LabChecks.Verdict(value, claimed, style);
    }
}
