namespace Rethink.Engine.Tests.Kernels;

internal static class KernelTestData
{
    /// <summary>Lengths that exercise empty, scalar-only, exact-vector and vector-plus-tail paths.</summary>
    public static TheoryData<int> Lengths => new() { 0, 1, 7, 16, 17, 33, 100, 256, 769 };

    public static float[] Random(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = scale * (float)((rng.NextDouble() * 2) - 1);
        }

        return a;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float absTol, float relTol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tol = absTol + (relTol * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"index {i}: expected {expected[i]}, got {actual[i]} (tol {tol})");
        }
    }
}
