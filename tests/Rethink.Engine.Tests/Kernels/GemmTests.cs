using Rethink.Engine.Kernels;

namespace Rethink.Engine.Tests.Kernels;

public class GemmTests
{
    // Relative to the sum of |a*b| terms: float accumulation in a different order than the double reference.
    private const float Tolerance = 2e-6f;

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[][] shapes =
        [
            [0, 3, 4], [3, 0, 4], [3, 4, 0], [1, 1, 1], [1, 17, 33], [2, 5, 7], [4, 64, 16], [5, 33, 65], [8, 100, 31],
            [9, 31, 17], [13, 47, 300], [17, 129, 257], [64, 64, 64], [130, 70, 520], [200, 1030, 40], [33, 2100, 9],
        ];
        foreach (var s in shapes)
        {
            data.Add(s[0], s[1], s[2]);
        }

        return data;
    }

    public static IEnumerable<object[]> Levels() => SimdCapabilities.Available.Select(l => new object[] { l });

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryLayoutAndLevelMatchesTheReference(int m, int n, int k)
    {
        foreach (var level in SimdCapabilities.Available)
        {
            foreach (var layout in new[] { GemmLayout.NT, GemmLayout.NN, GemmLayout.TN })
            {
                foreach (var accumulate in new[] { false, true })
                {
                    Check(layout, level, m, n, k, accumulate, seed: (m * 31) + (n * 7) + k);
                }
            }
        }
    }

    [Fact]
    public void PublicEntryPointsMatchTheReference()
    {
        var rng = new Random(5);
        var (m, n, k) = (37, 45, 70);
        var a = Rand(rng, m * k);
        var b = Rand(rng, n * k);
        var c = new float[m * n];
        var r = new float[m * n];
        Gemm.MatMulNT(a, b, c, m, n, k);
        GemmReference.MatMulNT(a, b, r, m, n, k, false);
        AssertClose(r, c, a, b, k);
        Gemm.MatMulNN(a, b, c, m, n, k);
        GemmReference.MatMulNN(a, b, r, m, n, k, false);
        AssertClose(r, c, a, b, k);
        Gemm.MatMulTN(a, b, c, m, n, k);
        GemmReference.MatMulTN(a, b, r, m, n, k, false);
        AssertClose(r, c, a, b, k);
    }

    [Fact]
    public void ResultsAreBitIdenticalAcrossThreadCountsAndRuns()
    {
        var rng = new Random(11);
        var (m, n, k) = (300, 260, 600);
        var a = Rand(rng, m * k);
        var b = Rand(rng, n * k);
        var first = new float[m * n];
        Gemm.MatMulNT(a, b, first, m, n, k);
        var saved = EngineThreading.MaxThreads;
        try
        {
            foreach (var threads in new[] { 1, 2, 1, 2 })
            {
                EngineThreading.MaxThreads = threads;
                var again = new float[m * n];
                Gemm.MatMulNT(a, b, again, m, n, k);
                Assert.Equal(first, again);
                var v = new float[3 * n];
                Gemm.MatMulNT(a.AsSpan(0, 3 * k), b, v, 3, n, k);
                var v1 = new float[n];
                Gemm.MatMulNT(a.AsSpan(k, k), b, v1, 1, n, k);
                Assert.Equal(v.AsSpan(n, n).ToArray(), v1);
            }
        }
        finally
        {
            EngineThreading.MaxThreads = saved;
        }
    }

    [Fact]
    public void Each_row_of_a_matrix_vector_batch_is_bit_identical_to_that_row_alone()
    {
        // Continuous batching relies on this: a reply must not depend on what decodes beside it. n and k leave edges
        // for every kernel (4x4, 4x1, 1x4, 1x1, scalar tails).
        var rng = new Random(17);
        var (n, k) = (203, 197);
        var b = Rand(rng, n * k);
        foreach (var level in SimdCapabilities.Available)
        {
            for (var m = 1; m <= 8; m++)
            {
                var a = Rand(rng, m * k);
                var start = Rand(rng, m * n);
                foreach (var accumulate in new[] { false, true })
                {
                    var batch = start.ToArray();
                    Gemm.MatMul(GemmLayout.NT, a, b, batch, m, n, k, accumulate, level);
                    for (var r = 0; r < m; r++)
                    {
                        var alone = start.AsSpan(r * n, n).ToArray();
                        Gemm.MatMul(GemmLayout.NT, a.AsSpan(r * k, k), b, alone, 1, n, k, accumulate, level);
                        Assert.True(alone.AsSpan().SequenceEqual(batch.AsSpan(r * n, n)), $"{level}, m = {m}, row {r}, accumulate {accumulate}");
                    }
                }
            }
        }
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        var rng = new Random(3);
        var (m, n, k) = (64, 96, 128);
        var a = Rand(rng, m * k);
        var b = Rand(rng, n * k);
        var expected = new float[m * n];
        Gemm.MatMulNT(a, b, expected, m, n, k);
        Parallel.For(0, 16, _ =>
        {
            var c = new float[m * n];
            for (var rep = 0; rep < 5; rep++)
            {
                Gemm.MatMulNT(a, b, c, m, n, k);
                Assert.Equal(expected, c);
            }
        });
    }

    [Fact]
    public void TooSmallBuffersThrow()
    {
        Assert.Throws<ArgumentException>(() => Gemm.MatMulNT(new float[5], new float[6], new float[4], 2, 2, 3));
    }

    private static void Check(GemmLayout layout, SimdLevel level, int m, int n, int k, bool accumulate, int seed)
    {
        var rng = new Random(seed);
        var a = Rand(rng, m * k);
        var b = Rand(rng, n * k);
        var c = Rand(rng, m * n);
        var r = (float[])c.Clone();
        Gemm.MatMul(layout, a, b, c, m, n, k, accumulate, level);
        switch (layout)
        {
            case GemmLayout.NT:
                GemmReference.MatMulNT(a, b, r, m, n, k, accumulate);
                break;
            case GemmLayout.NN:
                GemmReference.MatMulNN(a, b, r, m, n, k, accumulate);
                break;
            default:
                GemmReference.MatMulTN(a, b, r, m, n, k, accumulate);
                break;
        }

        for (var i = 0; i < r.Length; i++)
        {
            // Inputs are in [-1, 1], so |sum| <= k + |c|: scale the tolerance by that bound.
            var bound = Tolerance * (k + 2);
            Assert.True(Math.Abs(r[i] - c[i]) <= bound, $"{layout} {level} m={m} n={n} k={k} acc={accumulate} i={i}: {c[i]} vs {r[i]}");
        }
    }

    private static void AssertClose(float[] expected, float[] actual, float[] a, float[] b, int k)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * (k + 2), $"i={i}: {actual[i]} vs {expected[i]}");
        }
    }

    internal static float[] Rand(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
