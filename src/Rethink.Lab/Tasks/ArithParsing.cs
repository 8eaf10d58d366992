using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rethink.Lab.Tasks;

public sealed partial class ArithFamily
{
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
