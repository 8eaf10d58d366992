using Rethink.Engine.Kernels;

namespace Rethink.Engine.Tests.Kernels;

public class SoftmaxTests
{
    [Theory]
    [MemberData(nameof(KernelTestData.Lengths), MemberType = typeof(KernelTestData))]
    public void Forward_matches_reference(int n)
    {
        var x = KernelTestData.Random(n, 1, 10f);
        var fast = (float[])x.Clone();
        var reference = (float[])x.Clone();
        Softmax.Forward(fast);
        SoftmaxReference.Forward(reference);
        KernelTestData.AssertClose(reference, fast, 1e-7f, 1e-5f);
    }

    [Fact]
    public void Forward_is_stable_for_huge_logits()
    {
        var x = new float[] { 1000f, 1000f, -1000f, 999f };
        Softmax.Forward(x);
        var e = Math.Exp(-1.0);
        var z = 2 + e;
        KernelTestData.AssertClose(new[] { (float)(1 / z), (float)(1 / z), 0f, (float)(e / z) }, x, 1e-7f, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(KernelTestData.Lengths), MemberType = typeof(KernelTestData))]
    public void Backward_matches_reference_and_accumulates(int n)
    {
        var y = KernelTestData.Random(n, 2, 3f);
        SoftmaxReference.Forward(y);
        var dy = KernelTestData.Random(n, 3);
        var dx = KernelTestData.Random(n, 4);
        var dxRef = (float[])dx.Clone();
        Softmax.Backward(y, dy, dx);
        SoftmaxReference.Backward(y, dy, dxRef);
        KernelTestData.AssertClose(dxRef, dx, 1e-6f, 1e-5f);
    }

    [Fact]
    public void Backward_matches_central_differences()
    {
        const int n = 19;
        var x = KernelTestData.Random(n, 5, 3f);
        var dy = KernelTestData.Random(n, 6);
        var y = (float[])x.Clone();
        Softmax.Forward(y);
        var dx = new float[n];
        Softmax.Backward(y, dy, dx);
        double Loss()
        {
            var p = (float[])x.Clone();
            SoftmaxReference.Forward(p);
            double l = 0;
            for (var i = 0; i < n; i++)
            {
                l += (double)dy[i] * p[i];
            }

            return l;
        }

        GradCheck.AssertMatches(x, dx, Loss, 1e-2f, 5e-3, "dx");
    }
}
