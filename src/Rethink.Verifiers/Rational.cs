using System.Globalization;
using System.Numerics;
using System.Text;

namespace Rethink.Verifiers;

/// <summary>
/// An exact rational number (reduced, denominator positive). Decimals, fractions and scientific notation are all
/// finite rationals, so answers compare exactly; only the tolerance check goes through a ratio.
/// </summary>
internal readonly record struct Rational
{
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational number cannot have a zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        Denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public bool IsZero => Numerator.IsZero;

    /// <summary>True when the value has a finite decimal expansion (the reduced denominator has no prime factor but 2 and 5).</summary>
    public bool IsTerminating
    {
        get
        {
            var d = Denominator;
            while (d.IsEven)
            {
                d >>= 1;
            }

            while (d % 5 == 0)
            {
                d /= 5;
            }

            return d.IsOne;
        }
    }

    public static Rational Zero { get; } = new(BigInteger.Zero, BigInteger.One);

    public static Rational Abs(Rational value) => new(BigInteger.Abs(value.Numerator), value.Denominator);

    public static Rational operator -(Rational left, Rational right) =>
        new(left.Numerator * right.Denominator - right.Numerator * left.Denominator, left.Denominator * right.Denominator);

    public static Rational operator /(Rational left, Rational right) =>
        new(left.Numerator * right.Denominator, left.Denominator * right.Numerator);

    public static Rational Divide(Rational left, BigInteger divisor) => new(left.Numerator, left.Denominator * divisor);

    public static Rational Max(Rational left, Rational right) => Compare(left, right) >= 0 ? left : right;

    public static int Compare(Rational left, Rational right) =>
        (left.Numerator * right.Denominator).CompareTo(right.Numerator * left.Denominator);

    /// <summary>
    /// Parses an unsigned decimal literal (digits, optional fraction part, optional exponent; commas already removed).
    /// Exponents beyond +/-1000 are refused so that a hostile "1e999999999" cannot allocate a huge integer.
    /// </summary>
    public static bool TryParseDecimal(string text, out Rational value)
    {
        value = Zero;
        var mantissa = text;
        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            mantissa = text[..e];
            if (!int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > 1000)
            {
                return false;
            }
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var digits = intPart + fracPart;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var numerator = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = exponent - fracPart.Length;
        value = scale >= 0
            ? new Rational(numerator * BigInteger.Pow(10, scale), BigInteger.One)
            : new Rational(numerator, BigInteger.Pow(10, -scale));
        return true;
    }

    /// <summary>The value as a double, good enough for tolerance ratios (values of magnitude below 1e300).</summary>
    public double ToDouble()
    {
        // Scale so that the integer division keeps about 18 significant digits before converting.
        var scaled = BigInteger.Divide(Numerator * BigInteger.Pow(10, 18), Denominator);
        return (double)scaled / 1e18;
    }

    /// <summary>
    /// Canonical text: a terminating decimal when the denominator has only the factors 2 and 5 ("0.5", "-12", "1200"),
    /// otherwise a reduced fraction ("1/3", "-7/6").
    /// </summary>
    public override string ToString()
    {
        var d = Denominator;
        var twos = 0;
        var fives = 0;
        while (d % 2 == 0)
        {
            d /= 2;
            twos++;
        }

        while (d % 5 == 0)
        {
            d /= 5;
            fives++;
        }

        if (!d.IsOne)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
        }

        var places = Math.Max(twos, fives);
        var scaled = Numerator * BigInteger.Pow(10, places) / Denominator;
        var sign = scaled.Sign < 0 ? "-" : string.Empty;
        var digits = BigInteger.Abs(scaled).ToString(CultureInfo.InvariantCulture);
        if (places == 0)
        {
            return sign + digits;
        }

        digits = digits.PadLeft(places + 1, '0');
        var builder = new StringBuilder(sign);
        builder.Append(digits.AsSpan(0, digits.Length - places)).Append('.').Append(digits.AsSpan(digits.Length - places));
        return builder.ToString();
    }
}
