using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Rethink.Engine.Kernels;

/// <summary>
/// The SwiGLU feed-forward gate (Shazeer 2020): y = silu(gate) * up, silu(g) = g * sigmoid(g).
/// Scalar ground truth: <see cref="ActivationsReference"/>.
/// </summary>
public static class Activations
{
    /// <summary>y_i = silu(gate_i) * up_i. <paramref name="y"/> may alias either input.</summary>
    /// <param name="gate">Gate projection (w1 x) [n].</param>
    /// <param name="up">Up projection (w3 x) [n].</param>
    /// <param name="y">Output [n].</param>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        Check(gate.Length, up.Length, y.Length);
        if (gate.IsEmpty)
        {
            return;
        }

        if (y.Overlaps(up) || y.Overlaps(gate))
        {
            // The fast path writes sigmoid(gate) into y first, which would destroy an aliased input before it is read.
            ActivationsReference.SwiGlu(gate, up, y);
            return;
        }

        TensorPrimitives.Sigmoid(gate, y);
        TensorPrimitives.Multiply(y, gate, y);
        TensorPrimitives.Multiply(y, up, y);
    }

    /// <summary>
    /// Accumulates the SwiGLU gradients: with s = sigmoid(g), dgate += dy * up * s * (1 + g (1 - s)) and
    /// dup += dy * g * s. The outputs must not alias the inputs.
    /// </summary>
    /// <param name="gate">Forward gate input [n].</param>
    /// <param name="up">Forward up input [n].</param>
    /// <param name="dy">Output gradient [n].</param>
    /// <param name="dgate">Gate gradient, accumulated [n].</param>
    /// <param name="dup">Up gradient, accumulated [n].</param>
    public static void SwiGluBackward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, ReadOnlySpan<float> dy, Span<float> dgate, Span<float> dup)
    {
        var n = gate.Length;
        Check(n, up.Length, dy.Length);
        Check(n, dgate.Length, dup.Length);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var g = Vector512.Create(gate.Slice(i, Vector512<float>.Count));
                var u = Vector512.Create(up.Slice(i, Vector512<float>.Count));
                var d = Vector512.Create(dy.Slice(i, Vector512<float>.Count));
                var s = one / (one + Vector512.Exp(-g));
                var dg = Vector512.Create(dgate.Slice(i, Vector512<float>.Count));
                var du = Vector512.Create(dup.Slice(i, Vector512<float>.Count));
                var dsilu = s * Vector512.FusedMultiplyAdd(g, one - s, one);
                Vector512.FusedMultiplyAdd(d * u, dsilu, dg).CopyTo(dgate.Slice(i));
                Vector512.FusedMultiplyAdd(d, g * s, du).CopyTo(dup.Slice(i));
            }
        }

        ActivationsReference.SwiGluBackward(gate[i..], up[i..], dy[i..], dgate[i..], dup[i..]);
    }

    private static void Check(int n, int a, int b)
    {
        if (a != n || b != n)
        {
            throw new ArgumentException($"SwiGLU spans must all have length {n}; got {a} and {b}.");
        }
    }
}
