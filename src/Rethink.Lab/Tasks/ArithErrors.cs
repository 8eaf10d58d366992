namespace Rethink.Lab.Tasks;

public sealed partial class ArithFamily
{
    /// <inheritdoc />
    public FlawedSolution InjectError(LabProblem problem, int step, Random rng)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rng);
        var ops = Flatten(ParseQuestion(problem));
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, ops.Count);
        var values = new long[ops.Count];
        var lines = new List<string>();
        string correctLine = string.Empty, wrongLine = string.Empty;
        for (var i = 0; i < ops.Count; i++)
        {
            var left = Value(ops[i].Left, values);
            var right = Value(ops[i].Right, values);
            var v = Apply(left, ops[i].Op, right);
            if (i == step - 1)
            {
                correctLine = Line(left, ops[i].Op, right, v);
                v = LabChecks.Perturb(v, rng);
                wrongLine = Line(left, ops[i].Op, right, v);
            }

            values[i] = v;
            lines.Add(Line(left, ops[i].Op, right, v));
        }

        return new FlawedSolution(LabSolution.Render(lines, values[^1]), step, values[^1], correctLine, wrongLine);
    }
}
