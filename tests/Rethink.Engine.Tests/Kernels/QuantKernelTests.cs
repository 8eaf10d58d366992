using Rethink.Engine.Inference;
using Rethink.Engine.Kernels;

namespace Rethink.Engine.Tests.Kernels;

public class QuantKernelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 5)]
    [InlineData(7, 18)]
    [InlineData(13, 48)]
    public unsafe void Q8DotMatchesTheScalarReferenceAtEveryLevel(int rows, int blocks)
    {
        var rng = new Random(rows * 100 + blocks);
        var k = blocks * 32;
        var wq = Enumerable.Range(0, rows * k).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
        var wd = Enumerable.Range(0, rows * blocks).Select(_ => (float)rng.NextDouble() * 0.01f).ToArray();
        var xq = Enumerable.Range(0, k).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
        var xd = Enumerable.Range(0, blocks).Select(_ => (float)rng.NextDouble() * 0.01f).ToArray();
        fixed (sbyte* pwq = wq, pxq = xq)
        fixed (float* pwd = wd, pxd = xd)
        {
            var expected = new float[rows];
            for (var r = 0; r < rows; r++)
            {
                expected[r] = Q8_0.DotReference(pwq + (r * k), pwd + (r * blocks), pxq, pxd, blocks);
            }

            foreach (var level in Q8_0.AvailableLevels)
            {
                var got = new float[4];
                for (var r0 = 0; r0 < rows; r0 += 4)
                {
                    var n = Math.Min(4, rows - r0);
                    fixed (float* pg = got)
                    {
                        Q8_0.Dot4(level, pwq + (r0 * k), pwd + (r0 * blocks), blocks, pxq, pxd, pg, n);
                    }

                    for (var i = 0; i < n; i++)
                    {
                        var e = expected[r0 + i];
                        Assert.True(Math.Abs(e - got[i]) <= 1e-5f * (1 + Math.Abs(e)) * blocks, $"{level} row {r0 + i}: {got[i]} vs {e}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 8, 32)]
    [InlineData(3, 13, 64)]
    [InlineData(8, 70, 96)]
    [InlineData(9, 70, 96)]
    [InlineData(20, 130, 64)]
    public void Q8MatrixProductMatchesDequantisedReference(int m, int rows, int cols)
    {
        var rng = new Random(m + rows + cols);
        var w = Enumerable.Range(0, rows * cols).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var x = Enumerable.Range(0, m * cols).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var q = Q8Matrix.Quantize(w, rows, cols);
        var wDeq = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            q.GetRow(r, wDeq.AsSpan(r * cols, cols));
        }

        // Up to 8 rows the activations are quantised too (as llama.cpp does): reference on the quantised x.
        var xRef = (float[])x.Clone();
        if (m <= 8)
        {
            var bytes = new byte[x.Length / 32 * 34];
            Q8_0.Quantize(x, bytes);
            var xd = new float[x.Length];
            for (var b = 0; b < x.Length / 32; b++)
            {
                var d = Q8_0.QuantizeBlock(x.AsSpan(b * 32, 32), new sbyte[32]);
                var qs = new sbyte[32];
                Q8_0.QuantizeBlock(x.AsSpan(b * 32, 32), qs);
                for (var i = 0; i < 32; i++)
                {
                    xd[(b * 32) + i] = d * qs[i];
                }
            }

            xRef = xd;
        }

        var expected = new float[m * rows];
        GemmReference.MatMulNT(xRef, wDeq, expected, m, rows, cols, false);
        var y = new float[m * rows];
        q.MatMul(x, y, m);
        for (var i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-4f * cols, $"i={i}: {y[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void F16ConversionRoundsLikeSystemHalf()
    {
        float[] x = [0f, 1f, -2.5f, 65504f, 1e-8f, 0.1f, 3.14159f, -0.0001f, float.PositiveInfinity];
        var bytes = new byte[x.Length * 2];
        F16.FromSingle(x, bytes);
        var back = new float[x.Length];
        F16.ToSingle(bytes, back);
        Assert.Equal(x.Select(v => (float)(Half)v).ToArray(), back);
        Assert.Throws<ArgumentException>(() => F16.FromSingle(x, new byte[3]));
    }
}
