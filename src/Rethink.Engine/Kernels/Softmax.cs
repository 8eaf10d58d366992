using System.Numerics.Tensors;

namespace Rethink.Engine.Kernels;

/// <summary>
/// Numerically stable softmax: y_i = exp(x_i - max x) / sum_j exp(x_j - max x). Scalar ground truth:
/// <see cref="SoftmaxReference"/>.
/// </summary>
public static class Softmax
{
    /// <summary>Replaces <paramref name="x"/> [n] by its softmax. An empty span is left as is.</summary>
    /// <param name="x">Logits on entry, probabilities on exit [n].</param>
    public static void Forward(Span<float> x)
    {
        if (x.IsEmpty)
        {
            return;
        }

        // TensorPrimitives.SoftMax does not subtract the maximum, so it overflows on large logits; do it here.
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, x);
        TensorPrimitives.Exp(x, x);
        var sum = TensorPrimitives.Sum(x);
        TensorPrimitives.Multiply(x, 1f / sum, x);
    }

    /// <summary>
    /// Accumulates the softmax input gradient: dx_i += y_i (dy_i - sum_j y_j dy_j).
    /// <paramref name="dx"/> must not alias <paramref name="y"/> or <paramref name="dy"/>.
    /// </summary>
    /// <param name="y">Forward output (probabilities) [n].</param>
    /// <param name="dy">Output gradient [n].</param>
    /// <param name="dx">Input gradient, accumulated [n].</param>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (y.Length != dy.Length || y.Length != dx.Length)
        {
            throw new ArgumentException($"Softmax spans must have equal lengths; got {y.Length}, {dy.Length}, {dx.Length}.");
        }

        if (y.IsEmpty)
        {
            return;
        }

        var dot = TensorPrimitives.Dot(y, dy);
        TensorPrimitives.FusedMultiplyAdd(y, dy, dx, dx);
        TensorPrimitives.FusedMultiplyAdd(y, -dot, dx, dx);
    }
}
