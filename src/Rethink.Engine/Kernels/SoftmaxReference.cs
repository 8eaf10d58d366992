namespace Rethink.Engine.Kernels;

/// <summary>Scalar reference for <see cref="Softmax"/>, computed in double. The tests' ground truth.</summary>
public static class SoftmaxReference
{
    /// <summary>In-place stable softmax of <paramref name="x"/> [n].</summary>
    /// <param name="x">Logits in, probabilities out [n].</param>
    public static void Forward(Span<float> x)
    {
        if (x.IsEmpty)
        {
            return;
        }

        var max = float.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - max);
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(Math.Exp(x[i] - max) / sum);
        }
    }

    /// <summary>dx_i += y_i (dy_i - sum_j y_j dy_j).</summary>
    /// <param name="y">Probabilities [n].</param>
    /// <param name="dy">Output gradient [n].</param>
    /// <param name="dx">Input gradient, accumulated [n].</param>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        double dot = 0;
        for (var i = 0; i < y.Length; i++)
        {
            dot += (double)y[i] * dy[i];
        }

        for (var i = 0; i < y.Length; i++)
        {
            dx[i] += (float)(y[i] * (dy[i] - dot));
        }
    }
}
