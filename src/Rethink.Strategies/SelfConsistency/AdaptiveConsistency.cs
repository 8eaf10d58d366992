using System.Numerics;

namespace Rethink.Strategies;

/// <summary>
/// The Beta stopping rule of Adaptive-Consistency (Aggarwal et al., 2023). With a votes for the current majority
/// answer and b for the runner-up, and a uniform prior on the majority's share x, the posterior is Beta(a+1, b+1) and
/// <c>P = ∫_{0.5}^{1} x^a (1-x)^b dx / ∫_0^1 x^a (1-x)^b dx</c> is the probability that the majority is really the
/// more likely of the two. Sampling stops once P reaches a threshold (0.95 in the paper). Pure and thread-safe.
/// </summary>
public static class AdaptiveConsistency
{
    /// <summary>The largest a + b accepted (far beyond any sample budget; keeps the exact sum cheap).</summary>
    public const int MaxVotes = 100_000;

    /// <summary>
    /// P(majority share > 1/2) for <paramref name="top"/> = a and <paramref name="second"/> = b, computed exactly: for
    /// integers, P = P(Binomial(a+b+1, 1/2) ≤ a) = Σ_{k=0}^{a} C(a+b+1, k) / 2^(a+b+1), summed in big integers and
    /// divided once, so there is no cancellation or underflow. Examples: (3, 0) → 15/16; (4, 0) → 31/32; (2, 1) → 11/16.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or a + b exceeds <see cref="MaxVotes"/>.</exception>
    public static double MajorityProbability(int top, int second)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(second);
        if ((long)top + second > MaxVotes)
        {
            throw new ArgumentOutOfRangeException(nameof(top), $"top + second must be at most {MaxVotes}.");
        }

        var n = top + second + 1;
        BigInteger binom = BigInteger.One;
        BigInteger sum = BigInteger.Zero;
        for (var k = 0; k <= top; k++)
        {
            sum += binom;
            binom = binom * (n - k) / (k + 1);
        }

        // sum / 2^n with 64 fractional bits kept before the single rounding to double.
        var scaled = (sum << 64) >> n;
        return (double)scaled / 18446744073709551616.0;
    }

    /// <summary>True when <see cref="MajorityProbability"/> is at least <paramref name="threshold"/>.</summary>
    public static bool ShouldStop(int top, int second, double threshold) => MajorityProbability(top, second) >= threshold;
}
