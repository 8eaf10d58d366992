namespace Rethink.Engine.Tests;

/// <summary>Central finite differences against an analytic gradient.</summary>
internal static class GradCheck
{
    /// <summary>
    /// For every element i (or the ones in <paramref name="indices"/>): numeric = (L(p+h) - L(p-h)) / 2h must satisfy
    /// |numeric - analytic[i]| &lt;= tol * max_j |analytic[j]| (j over <paramref name="scaleOver"/> when given).
    /// </summary>
    public static void AssertMatches(float[] parameters, ReadOnlySpan<float> analytic, Func<double> loss, float h, double tol, string what, IEnumerable<int>? indices = null, Rethink.Engine.Model.TensorSlice? scaleOver = null)
    {
        var scale = 0.0;
        var scaleSpan = scaleOver is { } s ? analytic.Slice(s.Offset, s.Length) : analytic;
        foreach (var g in scaleSpan)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        foreach (var i in indices ?? Enumerable.Range(0, parameters.Length))
        {
            var saved = parameters[i];
            parameters[i] = saved + h;
            var plus = loss();
            parameters[i] = saved - h;
            var minus = loss();
            parameters[i] = saved;
            // Divide by the perturbation float storage really applied, not by the requested 2h.
            var numeric = (plus - minus) / ((double)(saved + h) - (double)(saved - h));
            var err = Math.Abs(numeric - analytic[i]);
            // Relative to the gradient's overall scale so tiny components are not held to an impossible relative bound.
            Assert.True(err <= tol * Math.Max(scale, 1e-6), $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric}, err {err}, scale {scale}");
        }
    }
}
