namespace Rethink.Engine.Kernels;

/// <summary>Scalar reference for <see cref="RmsNorm"/>, reduced in double. Slow on purpose; the tests' ground truth.</summary>
public static class RmsNormReference
{
    /// <summary>y_i = w_i x_i r with r = 1/sqrt(mean(x^2) + eps); returns r.</summary>
    /// <param name="x">Input row [n].</param>
    /// <param name="weight">Gain [n].</param>
    /// <param name="y">Output row [n].</param>
    /// <param name="eps">Added to the mean square.</param>
    public static float Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps)
    {
        double ss = 0;
        for (var i = 0; i < x.Length; i++)
        {
            ss += (double)x[i] * x[i];
        }

        var rstd = (float)(1.0 / Math.Sqrt((x.Length == 0 ? 0 : ss / x.Length) + eps));
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = weight[i] * (x[i] * rstd);
        }

        return rstd;
    }

    /// <summary>dweight_i += dy_i x_i r; dx_j += r w_j dy_j - (r^3/n) x_j sum_i(dy_i w_i x_i).</summary>
    /// <param name="dy">Output gradient [n].</param>
    /// <param name="x">Forward input [n].</param>
    /// <param name="weight">Gain [n].</param>
    /// <param name="rstd">1/rms from the forward pass.</param>
    /// <param name="dx">Input gradient, accumulated [n].</param>
    /// <param name="dweight">Gain gradient, accumulated [n].</param>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float rstd, Span<float> dx, Span<float> dweight)
    {
        var n = x.Length;
        if (n == 0)
        {
            return;
        }

        double dot = 0;
        for (var i = 0; i < n; i++)
        {
            dot += (double)dy[i] * weight[i] * x[i];
            dweight[i] += dy[i] * x[i] * rstd;
        }

        var c = (double)rstd * rstd * rstd * dot / n;
        for (var i = 0; i < n; i++)
        {
            dx[i] += (float)(((double)rstd * weight[i] * dy[i]) - (c * x[i]));
        }
    }
}
