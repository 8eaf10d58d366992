using Rethink.Engine.Model;

namespace Rethink.Engine.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019) over a flat parameter buffer:
/// m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr * (m/(1-b1^t) / (sqrt(v/(1-b2^t)) + eps) + wd * p).
/// Weight decay is decoupled and applied only to matrices (every tensor with more than one row): linear weights AND
/// the token embedding (which, when tied, is also the output matrix), as in GPT-2/nanoGPT; never to RMSNorm gains.
/// Element-wise, so any split over threads gives identical results.
/// </summary>
public sealed class AdamW
{
    private readonly bool[] decayTensor;
    private readonly ParameterLayout layout;

    /// <summary>Creates zeroed moments for <paramref name="layout"/>.</summary>
    /// <param name="layout">Parameter layout (decides which tensors decay).</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="epsilon">Denominator guard.</param>
    /// <param name="weightDecay">Decoupled weight decay coefficient (multiplied by the learning rate).</param>
    public AdamW(ParameterLayout layout, float beta1 = 0.9f, float beta2 = 0.95f, float epsilon = 1e-8f, float weightDecay = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(layout);
        this.layout = layout;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        M = new float[layout.TotalLength];
        V = new float[layout.TotalLength];
        decayTensor = layout.Tensors.Select(t => t.Rows > 1).ToArray();
    }

    /// <summary>First-moment decay.</summary>
    public float Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public float Beta2 { get; }

    /// <summary>Denominator guard.</summary>
    public float Epsilon { get; }

    /// <summary>Decoupled weight decay coefficient.</summary>
    public float WeightDecay { get; }

    /// <summary>First moments [TotalLength]; part of a checkpoint.</summary>
    public float[] M { get; }

    /// <summary>Second moments [TotalLength]; part of a checkpoint.</summary>
    public float[] V { get; }

    /// <summary>Whether the tensor at <paramref name="index"/> of <see cref="ParameterLayout.Tensors"/> is decayed.</summary>
    /// <param name="index">Tensor index.</param>
    public bool Decays(int index) => decayTensor[index];

    /// <summary>Applies one update in place. <paramref name="step"/> is 1-based (bias correction uses it).</summary>
    /// <param name="parameters">Parameters, updated [TotalLength].</param>
    /// <param name="gradients">Gradients, read [TotalLength].</param>
    /// <param name="learningRate">Step size for this step.</param>
    /// <param name="step">1-based update count.</param>
    public void Update(float[] parameters, float[] gradients, float learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        if (parameters.Length != M.Length || gradients.Length != M.Length)
        {
            throw new ArgumentException($"AdamW expects buffers of {M.Length} floats.");
        }

        var c1 = 1f / (1f - MathF.Pow(Beta1, step));
        var c2 = 1f / (1f - MathF.Pow(Beta2, step));
        var tensors = layout.Tensors;
        RowParallel.For(tensors.Count, 1, (a, b) =>
        {
            for (var ti = a; ti < b; ti++)
            {
                var t = tensors[ti];
                var wd = decayTensor[ti] ? WeightDecay : 0f;
                for (var i = t.Offset; i < t.Offset + t.Length; i++)
                {
                    var g = gradients[i];
                    var m = M[i] = (Beta1 * M[i]) + ((1 - Beta1) * g);
                    var v = V[i] = (Beta2 * V[i]) + ((1 - Beta2) * g * g);
                    var mHat = m * c1;
                    var vHat = v * c2;
                    parameters[i] -= learningRate * ((mHat / (MathF.Sqrt(vHat) + Epsilon)) + (wd * parameters[i]));
                }
            }
        });
    }
}
