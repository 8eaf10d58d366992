using Rethink.Engine.Kernels;

namespace Rethink.Engine.Tests.Kernels;

public class RopeTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(6, 3)]
    [InlineData(16, 2)]
    [InlineData(32, 8)]
    [InlineData(64, 1)]
    public void Forward_and_backward_match_reference(int headDim, int heads)
    {
        var table = new RopeTable(headDim, 64, 10000f);
        foreach (var pos in new[] { 0, 1, 37, 63 })
        {
            var x = KernelTestData.Random(heads * headDim, pos + 1);
            var fast = (float[])x.Clone();
            var reference = (float[])x.Clone();
            Rope.Forward(fast, heads, headDim, pos, table);
            RopeReference.Forward(reference, heads, headDim, pos, table);
            KernelTestData.AssertClose(reference, fast, 1e-6f, 1e-6f);

            Rope.Backward(fast, heads, headDim, pos, table);
            RopeReference.Backward(reference, heads, headDim, pos, table);
            KernelTestData.AssertClose(reference, fast, 1e-6f, 1e-6f);

            // Backward is the inverse rotation, so forward then backward is the identity.
            KernelTestData.AssertClose(x, fast, 1e-6f, 1e-5f);
        }
    }

    [Fact]
    public void Rotates_adjacent_pairs_with_llama_frequencies()
    {
        // Hand-computed: headDim 4, theta 100, position 3: angles 3 * 100^0 = 3 and 3 * 100^(-1/2) = 0.3.
        var table = new RopeTable(4, 8, 100f);
        var x = new float[] { 1, 0, 0, 1 };
        Rope.Forward(x, 1, 4, 3, table);
        KernelTestData.AssertClose(new[] { MathF.Cos(3), MathF.Sin(3), -MathF.Sin(0.3f), MathF.Cos(0.3f) }, x, 1e-6f, 1e-6f);
    }

    [Fact]
    public void Backward_matches_central_differences()
    {
        const int headDim = 16;
        const int heads = 3;
        var table = new RopeTable(headDim, 16, 10000f);
        var x = KernelTestData.Random(heads * headDim, 11);
        var dy = KernelTestData.Random(heads * headDim, 12);
        var dx = (float[])dy.Clone();
        Rope.Backward(dx, heads, headDim, 9, table);
        double Loss()
        {
            var y = (float[])x.Clone();
            RopeReference.Forward(y, heads, headDim, 9, table);
            double l = 0;
            for (var i = 0; i < y.Length; i++)
            {
                l += (double)dy[i] * y[i];
            }

            return l;
        }

        GradCheck.AssertMatches(x, dx, Loss, 1e-2f, 2e-3, "dx");
    }

    [Fact]
    public void Rejects_bad_position_and_shape()
    {
        var table = new RopeTable(8, 4, 10000f);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rope.Forward(new float[8], 1, 8, 4, table));
        Assert.Throws<ArgumentException>(() => Rope.Forward(new float[9], 1, 8, 0, table));
    }
}
