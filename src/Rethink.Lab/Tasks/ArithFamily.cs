using System.Globalization;

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

    private static string Expr(long a, char op, long b) => ColumnArithmetic.Expression(a, op, b);

    private static string Line(long a, char op, long b, long result) => Expr(a, op, b) + "=" + result.ToString(CultureInfo.InvariantCulture);

    private sealed record Level(int Ops, int MaxOperand, int MaxFactor, long Cap);

    private abstract record Node;

    private sealed record Leaf(long Value) : Node;

    private sealed record OpNode(char Op, Node Left, Node Right) : Node;

    private readonly record struct Operand(long Literal, int Step);

    private sealed record FlatOp(char Op, Operand Left, Operand Right);
}
