using System.Globalization;
using System.Text.RegularExpressions;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Tests.Tasks;

public partial class ColumnArithmeticTests
{
    [Theory]
    [InlineData(6, '-', 8, "6-8 is -(8-6): 8-6-0=2; so -2", -2)]
    [InlineData(-2, '+', 9, "(-2)+9 is 9-2: 9-2-0=7; so 7", 7)]
    [InlineData(-14, '-', -6, "(-14)-(-6) is -(14-6): 14-6-0=8, 1-0-1=0; so -8", -8)]
    [InlineData(9, '-', -35, "9-(-35) is 9+35: 9+5+0=14, 0+3+1=4; so 44", 44)]
    [InlineData(-67, '-', 58, "(-67)-58 is -(67+58): 7+8+0=15, 6+5+1=12; so -125", -125)]
    [InlineData(-50, '+', 50, "(-50)+50 is 50-50: 0-0-0=0, 5-5-0=0; so 0", 0)]
    [InlineData(1000, '-', 1, "1000-1: 10-1-0=9, 10-0-1=9, 10-0-1=9, 1-0-1=0; so 999", 999)]
    [InlineData(99, '+', 1, "99+1: 9+1+0=10, 9+0+1=10; so 100", 100)]
    [InlineData(119, '*', 9, "119*9: 9*9+0=81, 1*9+8=17, 1*9+1=10; so 1071", 1071)]
    [InlineData(11, '*', -8, "11*(-8) is -(11*8): 1*8+0=8, 1*8+0=8; so -88", -88)]
    [InlineData(6, '*', 9, "6*9: 6*9+0=54; so 54", 54)]
    [InlineData(-3, '*', -4, "(-3)*(-4) is 3*4: 3*4+0=12; so 12", 12)]
    [InlineData(0, '*', 7, "0*7: 0*7+0=0; so 0", 0)]
    [InlineData(12, '*', 40, "12*40 is 40*12: 40*2: 0*2+0=0, 4*2+0=8; so 80. 40*1: 0*1+0=0, 4*1+0=4; so 40, 400. 80+400: 0+0+0=0, 8+0+0=8, 0+4+0=4; so 480", 480)]
    [InlineData(28, '*', 45, "28*45 is 45*28: 45*8: 5*8+0=40, 4*8+4=36; so 360. 45*2: 5*2+0=10, 4*2+1=9; so 90, 900. 360+900: 0+0+0=0, 6+0+0=6, 3+9+0=12; so 1260", 1260)]
    [InlineData(87, '*', -49, "87*(-49) is -(87*49): 87*9: 7*9+0=63, 8*9+6=78; so 783. 87*4: 7*4+0=28, 8*4+2=34; so 348, 3480. 783+3480: 3+0+0=3, 8+8+0=16, 7+4+1=12, 0+3+1=4; so 4263; so -4263", -4263)]
    [InlineData(5, '*', 20, "5*20 is 20*5: 0*5+0=0, 2*5+0=10; so 100", 100)]
    [InlineData(663, '*', 100, "663*100: 663*1: 3*1+0=3, 6*1+0=6, 6*1+0=6; so 663, 66300", 66300)]
    public void Writes_the_second_route_out_exactly(long a, char op, long b, string text, long value)
    {
        var (actual, v) = ColumnArithmetic.Compute(a, op, b);
        Assert.Equal(text, actual);
        Assert.Equal(value, v);
    }

    [Fact]
    public void Every_written_column_is_true_arithmetic_and_the_value_is_exact()
    {
        var rng = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var op = "+-*"[rng.Next(3)];
            var max = op == '*' ? 1_000 : 1_000_000;
            long a = rng.Next(-max, max + 1), b = rng.Next(-max, max + 1);
            if (i % 5 == 0)
            {
                b = rng.Next(-12, 13);
            }

            var (text, value) = ColumnArithmetic.Compute(a, op, b);
            var exact = op switch { '+' => a + b, '-' => a - b, _ => a * b };
            Assert.Equal(exact, value);
            // Every text ends with the value: "so VALUE", or ", VALUE" after a single shifted partial product.
            var end = exact.ToString(CultureInfo.InvariantCulture);
            Assert.True(text.EndsWith("so " + end, StringComparison.Ordinal) || text.EndsWith(", " + end, StringComparison.Ordinal), text);
            foreach (Match m in ColumnPattern().Matches(text))
            {
                var x = long.Parse(m.Groups["x"].Value, CultureInfo.InvariantCulture);
                var y = long.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
                var z = long.Parse(m.Groups["z"].Value, CultureInfo.InvariantCulture);
                var r = long.Parse(m.Groups["r"].Value, CultureInfo.InvariantCulture);
                var holds = m.Groups["o1"].Value switch
                {
                    "+" => x + y + z == r,
                    "-" => x - y - z == r,
                    _ => (x * y) + z == r,
                };
                Assert.True(holds, $"{a}{op}{b}: column '{m.Value}' is false in '{text}'");
            }
        }
    }

    [GeneratedRegex(@"(?<![\d)])(?<x>\d+)(?<o1>[+\-*])(?<y>\d+)[+\-](?<z>\d+)=(?<r>\d+)")]
    private static partial Regex ColumnPattern();
}
