namespace Rethink.Engine.Kernels;

/// <summary>
/// Precomputed rotary-embedding angles: angle(p, i) = p * theta^(-2i / headDim) for positions p in
/// [0, contextLength) and pair index i in [0, headDim/2). Immutable after construction; safe to share across threads.
/// </summary>
public sealed class RopeTable
{
    /// <summary>Builds the tables. <paramref name="headDim"/> must be even and positive.</summary>
    /// <param name="headDim">Width of one attention head.</param>
    /// <param name="contextLength">Number of positions.</param>
    /// <param name="theta">Frequency base (10000 in Llama 2).</param>
    public RopeTable(int headDim, int contextLength, float theta)
    {
        if (headDim <= 0 || headDim % 2 != 0)
        {
            throw new ArgumentException($"headDim must be positive and even; got {headDim}.", nameof(headDim));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(theta);
        HeadDim = headDim;
        ContextLength = contextLength;
        Theta = theta;
        var half = headDim / 2;
        Cos = new float[contextLength * half];
        Sin = new float[contextLength * half];
        CosInterleaved = new float[contextLength * headDim];
        SinSigned = new float[contextLength * headDim];
        for (var p = 0; p < contextLength; p++)
        {
            for (var i = 0; i < half; i++)
            {
                // Double precision keeps the angle exact enough at long contexts; the tables are stored in float.
                var angle = p * Math.Pow(theta, -2.0 * i / headDim);
                var c = (float)Math.Cos(angle);
                var s = (float)Math.Sin(angle);
                Cos[(p * half) + i] = c;
                Sin[(p * half) + i] = s;
                CosInterleaved[(p * headDim) + (2 * i)] = c;
                CosInterleaved[(p * headDim) + (2 * i) + 1] = c;
                SinSigned[(p * headDim) + (2 * i)] = -s;
                SinSigned[(p * headDim) + (2 * i) + 1] = s;
            }
        }
    }

    /// <summary>Width of one head.</summary>
    public int HeadDim { get; }

    /// <summary>Number of positions covered.</summary>
    public int ContextLength { get; }

    /// <summary>Frequency base.</summary>
    public float Theta { get; }

    /// <summary>cos(angle(p, i)). [contextLength, headDim/2]</summary>
    public float[] Cos { get; }

    /// <summary>sin(angle(p, i)). [contextLength, headDim/2]</summary>
    public float[] Sin { get; }

    /// <summary>cos repeated per pair (c0, c0, c1, c1, ...), the layout the vector path multiplies by. [contextLength, headDim]</summary>
    internal float[] CosInterleaved { get; }

    /// <summary>sin per pair with the sign of the rotation (-s0, s0, -s1, s1, ...). [contextLength, headDim]</summary>
    internal float[] SinSigned { get; }
}
