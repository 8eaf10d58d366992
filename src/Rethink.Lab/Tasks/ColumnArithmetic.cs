using System.Globalization;
using System.Text;

namespace Rethink.Lab.Tasks;

/// <summary>
/// Recomputes one signed integer operation by a second route, written out for a critic to learn: signs are taken out
/// first (<c>(-2)+9 is 9-2</c>, <c>11*(-8) is -(11*8)</c>), then the unsigned operation is done one digit column at a
/// time from the units, the way the <c>add</c> family solves sums: <c>a+b+carry=s</c> for addition, <c>a-b-borrow=d</c>
/// (with <c>10+a</c> written out when a borrow is taken) for subtraction, <c>digit*m+carry=s</c> for a one-digit
/// multiplier, and partial products added column by column for a longer one. A model that slips when it writes
/// <c>119*9=1091</c> in one go rarely makes the same slip in three single-digit lines, so a critique built on this route
/// can catch errors that re-reading the step cannot.
/// </summary>
public static class ColumnArithmetic
{
    /// <summary>
    /// The written-out recomputation of <paramref name="a"/> <paramref name="op"/> <paramref name="b"/> and its value.
    /// The text has the shape <c>EXPR[ is NORMALISED]: COLUMNS; so VALUE</c>, e.g.
    /// <c>(-2)+9 is 9-2: 9-2-0=7; so 7</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="op"/> is not +, - or *.</exception>
    public static (string Text, long Value) Compute(long a, char op, long b)
    {
        var expr = Expression(a, op, b);
        return op switch
        {
            '+' or '-' => AddOrSubtract(expr, a, op == '+' ? b : -b),
            '*' => Multiply(expr, a, b),
            _ => throw new ArgumentException($"Unknown operator '{op}'.", nameof(op)),
        };
    }

    /// <summary>An operation as the lab writes it: negative operands in parentheses, e.g. <c>(-14)-(-6)</c>.</summary>
    public static string Expression(long a, char op, long b) => Num(a) + op + Num(b);

    private static (string, long) AddOrSubtract(string expr, long x, long y)
    {
        var sb = new StringBuilder(expr);
        long value;
        string normalised;
        string columns;
        if (x >= 0 && y >= 0)
        {
            normalised = $"{Inv(x)}+{Inv(y)}";
            (columns, value) = AddColumns(x, y);
        }
        else if (x < 0 && y < 0)
        {
            normalised = $"-({Inv(-x)}+{Inv(-y)})";
            (columns, var sum) = AddColumns(-x, -y);
            value = -sum;
        }
        else
        {
            var (p, q) = Math.Abs(x) >= Math.Abs(y) ? (x, y) : (y, x);
            var negative = p < 0 && Math.Abs(p) != Math.Abs(q);
            normalised = negative ? $"-({Inv(-p)}-{Inv(Math.Abs(q))})" : $"{Inv(Math.Abs(p))}-{Inv(Math.Abs(q))}";
            (columns, var diff) = SubtractColumns(Math.Abs(p), Math.Abs(q));
            value = negative ? -diff : diff;
        }

        if (normalised != expr)
        {
            sb.Append(" is ").Append(normalised);
        }

        sb.Append(": ").Append(columns).Append("; so ").Append(Inv(value));
        return (sb.ToString(), value);
    }

    private static (string, long) Multiply(string expr, long a, long b)
    {
        var negative = (a < 0) != (b < 0) && a != 0 && b != 0;
        var (p, m) = (Math.Abs(a), Math.Abs(b));
        // The shorter number is the multiplier (fewer partial products); between two one-digit numbers order is kept.
        if (Digits(m).Length > Digits(p).Length || (Digits(m).Length == Digits(p).Length && m >= 10 && m > p))
        {
            (p, m) = (m, p);
        }

        var normalised = negative ? $"-({Inv(p)}*{Inv(m)})" : $"{Inv(p)}*{Inv(m)}";
        var sb = new StringBuilder(expr);
        if (normalised != expr)
        {
            sb.Append(" is ").Append(normalised);
        }

        sb.Append(": ");
        long product;
        if (m < 10)
        {
            var (columns, v) = MultiplyByDigit(p, (int)m);
            sb.Append(columns).Append("; so ");
            product = v;
        }
        else
        {
            // Long multiplication: one partial product per non-zero digit of the multiplier, each shifted into place,
            // then the partials added column by column into a running sum; sentences end "so VALUE" throughout.
            var sentences = new List<string>();
            var digits = Digits(m);
            long? running = null;
            long place = 1;
            for (var j = 0; j < digits.Length; j++, place *= 10)
            {
                if (digits[j] == 0)
                {
                    continue;
                }

                var (columns, partial) = MultiplyByDigit(p, digits[j]);
                var shifted = partial * place;
                sentences.Add(string.Create(CultureInfo.InvariantCulture, $"{Inv(p)}*{digits[j]}: {columns}; so {Inv(partial)}") + (place > 1 ? ", " + Inv(shifted) : string.Empty));
                if (running is { } r)
                {
                    var (sumColumns, sum) = AddColumns(r, shifted);
                    sentences.Add($"{Inv(r)}+{Inv(shifted)}: {sumColumns}; so {Inv(sum)}");
                    running = sum;
                }
                else
                {
                    running = shifted;
                }
            }

            product = running ?? 0;
            sb.Append(string.Join(". ", sentences)).Append(negative ? "; so " : ", ");
            if (!negative)
            {
                // The last sentence already ends with the product; a one-partial product ("12*40") ends with its shifted value.
                sb.Length -= 2;
                return (sb.ToString(), product);
            }
        }

        var value = negative ? -product : product;
        sb.Append(Inv(value));
        return (sb.ToString(), value);
    }

    private static (string Columns, long Value) AddColumns(long p, long q)
    {
        var dp = Digits(p);
        var dq = Digits(q);
        var n = Math.Max(dp.Length, dq.Length);
        var parts = new List<string>(n);
        long value = 0, place = 1;
        var carry = 0;
        for (var i = 0; i < n; i++, place *= 10)
        {
            var x = i < dp.Length ? dp[i] : 0;
            var y = i < dq.Length ? dq[i] : 0;
            var s = x + y + carry;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{x}+{y}+{carry}={s}"));
            value += (s % 10) * place;
            carry = s / 10;
        }

        value += carry * place;
        return (string.Join(", ", parts), value);
    }

    // p >= q >= 0.
    private static (string Columns, long Value) SubtractColumns(long p, long q)
    {
        var dp = Digits(p);
        var dq = Digits(q);
        var parts = new List<string>(dp.Length);
        long value = 0, place = 1;
        var borrow = 0;
        for (var i = 0; i < dp.Length; i++, place *= 10)
        {
            var x = dp[i];
            var y = i < dq.Length ? dq[i] : 0;
            var d = x - y - borrow;
            var top = x;
            var next = 0;
            if (d < 0)
            {
                d += 10;
                top += 10;
                next = 1;
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{top}-{y}-{borrow}={d}"));
            value += d * place;
            borrow = next;
        }

        return (string.Join(", ", parts), value);
    }

    private static (string Columns, long Value) MultiplyByDigit(long p, int m)
    {
        var dp = Digits(p);
        var parts = new List<string>(dp.Length);
        long value = 0, place = 1;
        var carry = 0;
        for (var i = 0; i < dp.Length; i++)
        {
            var s = (dp[i] * m) + carry;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{dp[i]}*{m}+{carry}={s}"));
            if (i == dp.Length - 1)
            {
                value += s * place;
            }
            else
            {
                value += (s % 10) * place;
                carry = s / 10;
                place *= 10;
            }
        }

        return (string.Join(", ", parts), value);
    }

    /// <summary>The decimal digits of a non-negative number, least significant first (0 has one digit).</summary>
    internal static int[] Digits(long v) => v.ToString(CultureInfo.InvariantCulture).Reverse().Select(c => c - '0').ToArray();

    private static string Num(long v) => v < 0 ? "(" + Inv(v) + ")" : Inv(v);

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
}
