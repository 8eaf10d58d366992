using System.Numerics.Tensors;

namespace Rethink.Engine.Training;

/// <summary>Global-norm gradient clipping (Pascanu et al. 2013): if ||g|| &gt; max, g *= max / ||g||.</summary>
public static class GradientClipping
{
    // Fixed block size: the norm is summed block by block in order, so it never depends on threading.
    private const int Block = 4096;

    /// <summary>The L2 norm of <paramref name="gradients"/>, summed in double in a fixed order.</summary>
    /// <param name="gradients">Flat gradient buffer.</param>
    public static double GlobalNorm(ReadOnlySpan<float> gradients)
    {
        double sum = 0;
        for (var i = 0; i < gradients.Length; i += Block)
        {
            sum += TensorPrimitives.SumOfSquares(gradients.Slice(i, Math.Min(Block, gradients.Length - i)));
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Scales <paramref name="gradients"/> down to norm <paramref name="maxNorm"/> if above it; returns the norm before clipping.</summary>
    /// <param name="gradients">Flat gradient buffer, scaled in place.</param>
    /// <param name="maxNorm">Threshold; non-positive or infinite disables clipping.</param>
    public static double ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        var norm = GlobalNorm(gradients);
        if (maxNorm > 0 && float.IsFinite(maxNorm) && norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradients, (float)(maxNorm / norm), gradients);
        }

        return norm;
    }
}
