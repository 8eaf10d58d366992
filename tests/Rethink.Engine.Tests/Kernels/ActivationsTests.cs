using Rethink.Engine.Kernels;

namespace Rethink.Engine.Tests.Kernels;

public class ActivationsTests
{
    [Theory]
    [MemberData(nameof(KernelTestData.Lengths), MemberType = typeof(KernelTestData))]
    public void SwiGlu_matches_reference(int n)
    {
        var g = KernelTestData.Random(n, 1, 6f);
        var u = KernelTestData.Random(n, 2, 2f);
        var y = new float[n];
        var yRef = new float[n];
        Activations.SwiGlu(g, u, y);
        ActivationsReference.SwiGlu(g, u, yRef);
        KernelTestData.AssertClose(yRef, y, 1e-6f, 1e-5f);

        // Aliasing the output with an input is allowed.
        var alias = (float[])g.Clone();
        Activations.SwiGlu(alias, u, alias);
        KernelTestData.AssertClose(yRef, alias, 1e-6f, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(KernelTestData.Lengths), MemberType = typeof(KernelTestData))]
    public void SwiGluBackward_matches_reference_and_accumulates(int n)
    {
        var g = KernelTestData.Random(n, 3, 6f);
        var u = KernelTestData.Random(n, 4, 2f);
        var dy = KernelTestData.Random(n, 5);
        var dg = KernelTestData.Random(n, 6);
        var du = KernelTestData.Random(n, 7);
        var dgRef = (float[])dg.Clone();
        var duRef = (float[])du.Clone();
        Activations.SwiGluBackward(g, u, dy, dg, du);
        ActivationsReference.SwiGluBackward(g, u, dy, dgRef, duRef);
        KernelTestData.AssertClose(dgRef, dg, 1e-5f, 1e-5f);
        KernelTestData.AssertClose(duRef, du, 1e-5f, 1e-5f);
    }

    [Fact]
    public void SwiGluBackward_matches_central_differences()
    {
        const int n = 41;
        var g = KernelTestData.Random(n, 8, 4f);
        var u = KernelTestData.Random(n, 9, 2f);
        var dy = KernelTestData.Random(n, 10);
        var dg = new float[n];
        var du = new float[n];
        Activations.SwiGluBackward(g, u, dy, dg, du);
        double Loss()
        {
            double l = 0;
            for (var i = 0; i < n; i++)
            {
                double gi = g[i];
                l += dy[i] * gi / (1 + Math.Exp(-gi)) * u[i];
            }

            return l;
        }

        GradCheck.AssertMatches(g, dg, Loss, 1e-3f, 1e-3, "dgate");
        GradCheck.AssertMatches(u, du, Loss, 1e-3f, 1e-3, "dup");
    }
}
