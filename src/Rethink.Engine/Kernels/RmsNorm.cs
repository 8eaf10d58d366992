using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Rethink.Engine.Kernels;

/// <summary>
/// Root-mean-square layer normalisation of one row (Zhang and Sennrich 2019):
/// y_i = w_i * x_i * r, with r = 1 / sqrt(mean_j(x_j^2) + eps).
/// The scalar ground truth is <see cref="RmsNormReference"/>.
/// </summary>
public static class RmsNorm
{
    /// <summary>
    /// Normalises one row. <paramref name="y"/> may alias <paramref name="x"/>.
    /// Returns r = 1/rms, which <see cref="Backward"/> needs.
    /// </summary>
    /// <param name="x">Input row [n].</param>
    /// <param name="weight">Per-feature gain [n].</param>
    /// <param name="y">Output row [n].</param>
    /// <param name="eps">Added to the mean square before the square root.</param>
    public static float Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps)
    {
        CheckLengths(x.Length, weight.Length, y.Length);
        // An empty row has no mean square; treating it as 0 keeps r finite and the call harmless.
        var meanSquare = x.Length == 0 ? 0f : TensorPrimitives.SumOfSquares(x) / x.Length;
        var rstd = 1f / MathF.Sqrt(meanSquare + eps);
        TensorPrimitives.Multiply(x, rstd, y);
        TensorPrimitives.Multiply(y, weight, y);
        return rstd;
    }

    /// <summary>
    /// Accumulates the gradients of one row: dweight_i += dy_i x_i r and
    /// dx_j += r w_j dy_j - (r^3 / n) x_j sum_i(dy_i w_i x_i).
    /// Nothing else is written; <paramref name="dx"/> must not alias <paramref name="dy"/> or <paramref name="x"/>.
    /// </summary>
    /// <param name="dy">Gradient of the output row [n].</param>
    /// <param name="x">The forward input row [n].</param>
    /// <param name="weight">Per-feature gain [n].</param>
    /// <param name="rstd">The value <see cref="Forward"/> returned for this row.</param>
    /// <param name="dx">Input gradient, accumulated [n].</param>
    /// <param name="dweight">Gain gradient, accumulated [n].</param>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float rstd, Span<float> dx, Span<float> dweight)
    {
        var n = x.Length;
        CheckLengths(n, weight.Length, dy.Length);
        CheckLengths(n, dx.Length, dweight.Length);
        if (n == 0)
        {
            return;
        }

        if (!Vector512.IsHardwareAccelerated || n < Vector512<float>.Count)
        {
            RmsNormReference.Backward(dy, x, weight, rstd, dx, dweight);
            return;
        }

        var i = 0;
        var dotV = Vector512<float>.Zero;
        var rV = Vector512.Create(rstd);
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var dyv = Vector512.Create(dy.Slice(i, Vector512<float>.Count));
            var xv = Vector512.Create(x.Slice(i, Vector512<float>.Count));
            var wv = Vector512.Create(weight.Slice(i, Vector512<float>.Count));
            var dyx = dyv * xv;
            dotV = Vector512.FusedMultiplyAdd(dyx, wv, dotV);
            var dwv = Vector512.Create(dweight.Slice(i, Vector512<float>.Count));
            Vector512.FusedMultiplyAdd(dyx, rV, dwv).CopyTo(dweight.Slice(i));
        }

        var dot = Vector512.Sum(dotV);
        for (var j = i; j < n; j++)
        {
            var dyx = dy[j] * x[j];
            dot += dyx * weight[j];
            dweight[j] += dyx * rstd;
        }

        var c = rstd * rstd * rstd * dot / n;
        var cV = Vector512.Create(-c);
        i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var dyv = Vector512.Create(dy.Slice(i, Vector512<float>.Count));
            var xv = Vector512.Create(x.Slice(i, Vector512<float>.Count));
            var wv = Vector512.Create(weight.Slice(i, Vector512<float>.Count));
            var dxv = Vector512.Create(dx.Slice(i, Vector512<float>.Count));
            dxv = Vector512.FusedMultiplyAdd(dyv * wv, rV, dxv);
            Vector512.FusedMultiplyAdd(xv, cV, dxv).CopyTo(dx.Slice(i));
        }

        for (; i < n; i++)
        {
            dx[i] += (rstd * weight[i] * dy[i]) - (c * x[i]);
        }
    }

    private static void CheckLengths(int n, int a, int b)
    {
        if (a != n || b != n)
        {
            throw new ArgumentException($"RmsNorm spans must all have length {n}; got {a} and {b}.");
        }
    }
}
