namespace Rethink.Engine.Kernels;

/// <summary>Scalar reference for <see cref="Activations"/>, computed in double. The tests' ground truth.</summary>
public static class ActivationsReference
{
    /// <summary>y_i = gate_i * sigmoid(gate_i) * up_i.</summary>
    /// <param name="gate">Gate [n].</param>
    /// <param name="up">Up [n].</param>
    /// <param name="y">Output [n].</param>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        for (var i = 0; i < gate.Length; i++)
        {
            double g = gate[i];
            y[i] = (float)(g / (1 + Math.Exp(-g)) * up[i]);
        }
    }

    /// <summary>dgate += dy * up * s * (1 + g (1 - s)); dup += dy * g * s; s = sigmoid(g).</summary>
    /// <param name="gate">Gate [n].</param>
    /// <param name="up">Up [n].</param>
    /// <param name="dy">Output gradient [n].</param>
    /// <param name="dgate">Accumulated [n].</param>
    /// <param name="dup">Accumulated [n].</param>
    public static void SwiGluBackward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, ReadOnlySpan<float> dy, Span<float> dgate, Span<float> dup)
    {
        for (var i = 0; i < gate.Length; i++)
        {
            double g = gate[i];
            var s = 1 / (1 + Math.Exp(-g));
            dgate[i] += (float)(dy[i] * up[i] * s * (1 + (g * (1 - s))));
            dup[i] += (float)(dy[i] * g * s);
        }
    }
}
