using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rethink.Lab.Tasks;

/// <summary>
/// <c>arith</c>: multi-step integer arithmetic such as <c>(47+38)*6-129</c>, solved one binary operation per line in
/// post-order (<c>47+38=85</c>, <c>85*6=510</c>, <c>510-129=381</c>). Difficulty sets the number of operations, the operand
/// size and the largest allowed intermediate value. Negative intermediate results appear as operands in parentheses:
/// <c>(-7)*3=-21</c>. A step may also be written worked out, its operation followed by the column-by-column working of
/// <see cref="ColumnArithmetic"/> and the value last (<c>47+38: 7+8+0=15, 4+3+1=8; so 85</c>); the checker reads it as
/// the step <c>47+38=85</c> and judges its operation and final value only (the working is scratch: a slip there that
/// does not reach the value is not an error). <see cref="WorkedSolution"/> writes such solutions.
/// </summary>
public sealed partial class ArithFamily : ITaskFamily
{
    private static readonly Level[] Levels =
    [
        new(Ops: 2, MaxOperand: 20, MaxFactor: 9, Cap: 10_000),
        new(Ops: 3, MaxOperand: 50, MaxFactor: 9, Cap: 10_000),
        new(Ops: 3, MaxOperand: 99, MaxFactor: 9, Cap: 100_000),
        new(Ops: 4, MaxOperand: 99, MaxFactor: 12, Cap: 100_000),
        new(Ops: 5, MaxOperand: 999, MaxFactor: 12, Cap: 1_000_000),
    ];

    /// <inheritdoc />
    public string Name => "arith";

    /// <inheritdoc />
    public int MaxDifficulty => Levels.Length;

    /// <inheritdoc />
    public LabProblem Generate(int seed, int index, int difficulty)
    {
        LabRandom.CheckDifficulty(this, difficulty);
        var level = Levels[difficulty - 1];
        var rng = LabRandom.For(Name, seed, index, difficulty);
        while (true)
        {
            // Steps always come from the rendered question parsed back, so the generator and the checker agree on one
            // canonical tree (a+(b+c) renders as a+b+c and is solved left to right).
            var expression = Render(Build(rng, level), 0);
            var ops = Flatten(new ExprParser(expression).ParseAll());
            var values = Evaluate(ops);
            if (values.Any(v => Math.Abs(v) > level.Cap))
            {
                continue;
            }

            var steps = ops.Select((op, i) => Line(Value(op.Left, values), op.Op, Value(op.Right, values), values[i])).ToList();
            return new LabProblem
            {
                Family = Name,
                Id = LabRandom.Id(Name, seed, index, difficulty),
                Difficulty = difficulty,
                Question = $"Compute {expression}.",
                Steps = steps,
                Answer = values[^1],
            };
        }
    }

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

    /// <inheritdoc />
    public IReadOnlyList<string> Review(LabProblem problem, string solution, ReviewStyle style = ReviewStyle.Recompute)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return LabChecks.Review(
            Check(problem, solution),
            LabSolution.Parse(solution),
            style,
            // A worked step is reviewed, and quoted, in its short form.
            (step, line) => ReviewStep(step, Short(line), style),
            (step, line) => TryReviewStep(step, Short(line), style));
    }

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

    private static StepCheck Wrong(LabProblem problem, ParsedSolution parsed, int step, string reason, string explanation, string expectedLine) =>
        new(parsed.Answer == problem.Answer, false, step, reason, explanation, expectedLine);

    private static Node Build(Random rng, Level level)
    {
        Node root = new Leaf(rng.Next(1, level.MaxOperand + 1));
        for (var k = 0; k < level.Ops; k++)
        {
            var leaves = new List<Leaf>();
            Collect(root, leaves);
            var target = leaves[rng.Next(leaves.Count)];
            var pick = rng.NextDouble();
            var op = pick < 0.4 ? '+' : pick < 0.75 ? '-' : '*';
            var fresh = new Leaf(op == '*' ? rng.Next(2, level.MaxFactor + 1) : rng.Next(1, level.MaxOperand + 1));
            Node replacement = op == '*' || rng.Next(2) == 0 ? new OpNode(op, target, fresh) : new OpNode(op, fresh, target);
            root = Replace(root, target, replacement);
        }

        return root;
    }

    private static void Collect(Node node, List<Leaf> leaves)
    {
        switch (node)
        {
            case Leaf leaf:
                leaves.Add(leaf);
                break;
            case OpNode op:
                Collect(op.Left, leaves);
                Collect(op.Right, leaves);
                break;
        }
    }

    private static Node Replace(Node node, Leaf target, Node replacement) => node switch
    {
        Leaf leaf when ReferenceEquals(leaf, target) => replacement,
        OpNode op => new OpNode(op.Op, Replace(op.Left, target, replacement), Replace(op.Right, target, replacement)),
        _ => node,
    };

    // Post-order: each operation appears after the operations its operands depend on, left subtree first.
    private static List<FlatOp> Flatten(Node root)
    {
        var ops = new List<FlatOp>();
        Operand Walk(Node n)
        {
            if (n is Leaf leaf)
            {
                return new Operand(leaf.Value, -1);
            }

            var op = (OpNode)n;
            var l = Walk(op.Left);
            var r = Walk(op.Right);
            ops.Add(new FlatOp(op.Op, l, r));
            return new Operand(0, ops.Count - 1);
        }

        Walk(root);
        return ops;
    }

    private static long[] Evaluate(List<FlatOp> ops)
    {
        var values = new long[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            values[i] = Apply(Value(ops[i].Left, values), ops[i].Op, Value(ops[i].Right, values));
        }

        return values;
    }

    private static long Value(Operand o, long[] values) => o.Step < 0 ? o.Literal : values[o.Step];

    private static long Apply(long a, char op, long b) => op switch
    {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    };

    private static int Precedence(char op) => op == '*' ? 2 : 1;

    private static string Render(Node node, int parentPrecedence, bool rightOfMinus = false)
    {
        if (node is Leaf leaf)
        {
            return leaf.Value.ToString(CultureInfo.InvariantCulture);
        }

        var op = (OpNode)node;
        var p = Precedence(op.Op);
        var inner = Render(op.Left, p) + op.Op + Render(op.Right, p, rightOfMinus: op.Op == '-');
        var needParens = p < parentPrecedence || (rightOfMinus && p == parentPrecedence);
        return needParens ? "(" + inner + ")" : inner;
    }

    private static Node ParseQuestion(LabProblem problem)
    {
        var q = problem.Question;
        const string prefix = "Compute ";
        if (!q.StartsWith(prefix, StringComparison.Ordinal) || !q.EndsWith('.'))
        {
            throw new ArgumentException($"Not an arith question: '{q}'.", nameof(problem));
        }

        var parser = new ExprParser(q[prefix.Length..^1]);
        return parser.ParseAll();
    }

    private static string Expr(long a, char op, long b) => ColumnArithmetic.Expression(a, op, b);

    private static string Line(long a, char op, long b, long result) => Expr(a, op, b) + "=" + result.ToString(CultureInfo.InvariantCulture);

    private static long ParseOperand(string s) =>
        long.Parse(s.Trim('(', ')'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static bool TryNumber(string s, out long value) =>
        long.TryParse(s.Trim('(', ')'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    // A worked step "a+b[ is ...]: working VALUE" as the short step "a+b=VALUE"; any other line as it is.
    private static string Short(string line)
    {
        var m = WorkedPattern().Match(line);
        return m.Success ? m.Groups["l"].Value + m.Groups["op"].Value + m.Groups["r"].Value + "=" + m.Groups["res"].Value : line;
    }

    [GeneratedRegex(@"^(?<l>\(-\d+\)|-?\d+)(?<op>[+\-*])(?<r>\(-\d+\)|\d+)=(?<res>-?\d+)$")]
    private static partial Regex StepPattern();

    // The value is the number that ends the line, after a space (", 480" or "so -95"), never a digit of the working.
    [GeneratedRegex(@"^(?<l>\(-\d+\)|-?\d+)(?<op>[+\-*])(?<r>\(-\d+\)|\d+)(?: is [^:]*)?: .* (?<res>-?\d+)$")]
    private static partial Regex WorkedPattern();

    private sealed record Level(int Ops, int MaxOperand, int MaxFactor, long Cap);

    private abstract record Node;

    private sealed record Leaf(long Value) : Node;

    private sealed record OpNode(char Op, Node Left, Node Right) : Node;

    private readonly record struct Operand(long Literal, int Step);

    private sealed record FlatOp(char Op, Operand Left, Operand Right);

    // Recursive-descent parser for the questions this family renders (non-negative literals, + - *, parentheses).
    private sealed class ExprParser(string text)
    {
        private int _pos;

        public Node ParseAll()
        {
            var n = ParseSum();
            if (_pos != text.Length)
            {
                throw new ArgumentException($"Unexpected '{text[_pos]}' at {_pos} in '{text}'.");
            }

            return n;
        }

        private Node ParseSum()
        {
            var left = ParseProduct();
            while (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
            {
                var op = text[_pos++];
                left = new OpNode(op, left, ParseProduct());
            }

            return left;
        }

        private Node ParseProduct()
        {
            var left = ParseAtom();
            while (_pos < text.Length && text[_pos] == '*')
            {
                _pos++;
                left = new OpNode('*', left, ParseAtom());
            }

            return left;
        }

        private Node ParseAtom()
        {
            if (_pos < text.Length && text[_pos] == '(')
            {
                _pos++;
                var inner = ParseSum();
                if (_pos >= text.Length || text[_pos] != ')')
                {
                    throw new ArgumentException($"Missing ')' in '{text}'.");
                }

                _pos++;
                return inner;
            }

            var sb = new StringBuilder();
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                sb.Append(text[_pos++]);
            }

            if (sb.Length == 0)
            {
                throw new ArgumentException($"Expected a number at {_pos} in '{text}'.");
            }

            return new Leaf(long.Parse(sb.ToString(), CultureInfo.InvariantCulture));
        }
    }
}
