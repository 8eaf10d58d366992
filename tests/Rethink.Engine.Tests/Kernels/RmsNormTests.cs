using Rethink.Engine.Kernels;

namespace Rethink.Engine.Tests.Kernels;

public class RmsNormTests
{
    // Float SIMD sums vs double reference: a few ulps of relative error on values of order 1.
    private const float Abs = 1e-5f;
    private const float Rel = 1e-5f;

    [Theory]
    [MemberData(nameof(KernelTestData.Lengths), MemberType = typeof(KernelTestData))]
    public void Forward_matches_reference(int n)
    {
        var x = KernelTestData.Random(n, 1, 3f);
        var w = KernelTestData.Random(n, 2);
        var y = new float[n];
        var yRef = new float[n];
        var r = RmsNorm.Forward(x, w, y, 1e-5f);
        var rRef = RmsNormReference.Forward(x, w, yRef, 1e-5f);
        Assert.True(Math.Abs(r - rRef) <= 1e-5f * Math.Abs(rRef), $"{r} vs {rRef}");
        KernelTestData.AssertClose(yRef, y, Abs, Rel);
    }

    [Theory]
    [MemberData(nameof(KernelTestData.Lengths), MemberType = typeof(KernelTestData))]
    public void Backward_matches_reference_and_accumulates(int n)
    {
        var x = KernelTestData.Random(n, 3, 2f);
        var w = KernelTestData.Random(n, 4);
        var dy = KernelTestData.Random(n, 5);
        var r = RmsNormReference.Forward(x, w, new float[n], 1e-5f);
        var dx = KernelTestData.Random(n, 6);
        var dw = KernelTestData.Random(n, 7);
        var dxRef = (float[])dx.Clone();
        var dwRef = (float[])dw.Clone();
        RmsNorm.Backward(dy, x, w, r, dx, dw);
        RmsNormReference.Backward(dy, x, w, r, dxRef, dwRef);
        KernelTestData.AssertClose(dxRef, dx, 1e-5f, 1e-4f);
        KernelTestData.AssertClose(dwRef, dw, 1e-5f, 1e-4f);
    }

    [Fact]
    public void Backward_matches_central_differences()
    {
        const int n = 37;
        var x = KernelTestData.Random(n, 8, 2f);
        var w = KernelTestData.Random(n, 9);
        var dy = KernelTestData.Random(n, 10);
        var r = RmsNorm.Forward(x, w, new float[n], 1e-5f);
        var dx = new float[n];
        var dw = new float[n];
        RmsNorm.Backward(dy, x, w, r, dx, dw);

        // L = sum(dy * y), evaluated in double by the reference formula.
        double Loss(float[] xx, float[] ww)
        {
            double ss = 0;
            foreach (var v in xx)
            {
                ss += (double)v * v;
            }

            var rr = 1 / Math.Sqrt((ss / n) + 1e-5);
            double l = 0;
            for (var i = 0; i < n; i++)
            {
                l += dy[i] * ww[i] * xx[i] * rr;
            }

            return l;
        }

        GradCheck.AssertMatches(x, dx, () => Loss(x, w), 1e-3f, 2e-3, "dx");
        GradCheck.AssertMatches(w, dw, () => Loss(x, w), 1e-3f, 2e-3, "dweight");
    }
}
