using System.Globalization;

namespace Rethink.Lab.Tasks;

public sealed partial class ArithFamily
{
    /// <inheritdoc />
    public StepCheck Check(LabProblem problem, string solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var ops = Flatten(ParseQuestion(problem));
        var parsed = LabSolution.Parse(solution);
        var own = new long[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            var step = i + 1;
            var op = ops[i];
            var left = Value(op.Left, own);
            var right = Value(op.Right, own);
            long Correct() => Apply(left, op.Op, right);
            var expectedLine = Line(left, op.Op, right, Correct());
            if (i >= parsed.Steps.Count)
            {
                return Wrong(problem, parsed, step, "step.missing", $"Step {step} is missing; expected {expectedLine}.", expectedLine);
            }

            var m = StepPattern().Match(Short(parsed.Steps[i]));
            if (!m.Success)
            {
                return Wrong(problem, parsed, step, "step.malformed", $"Step {step} '{parsed.Steps[i]}' is not of the form a+b=c.", expectedLine);
            }

            // Operands and results the model wrote may be longer than a long holds: such a number is simply not the
            // right one.
            var o = m.Groups["op"].Value[0];
            var operandsRead = TryNumber(m.Groups["l"].Value, out var l) & TryNumber(m.Groups["r"].Value, out var r);
            if (!operandsRead || l != left || r != right || o != op.Op)
            {
                var written = operandsRead ? Expr(l, o, r) : m.Groups["l"].Value + o + m.Groups["r"].Value;
                return Wrong(problem, parsed, step, "step.wrong_operand", $"Step {step} should compute {Expr(left, op.Op, right)}, not {written}.", expectedLine);
            }

            var resultRead = TryNumber(m.Groups["res"].Value, out var res);
            if (!resultRead || res != Correct())
            {
                var written = resultRead ? res.ToString(CultureInfo.InvariantCulture) : m.Groups["res"].Value;
                return Wrong(problem, parsed, step, "step.arithmetic", $"Step {step}: {Expr(left, op.Op, right)} is {Correct().ToString(CultureInfo.InvariantCulture)}, not {written}.", expectedLine);
            }

            own[i] = res;
        }

        return LabChecks.FinishSteps(problem, parsed, ops.Count, own[^1]);
    }

    private static StepCheck Wrong(LabProblem problem, ParsedSolution parsed, int step, string reason, string explanation, string expectedLine) =>
        new(parsed.Answer == problem.Answer, false, step, reason, explanation, expectedLine);
}
