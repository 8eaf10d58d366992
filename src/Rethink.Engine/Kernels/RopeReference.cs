namespace Rethink.Engine.Kernels;

/// <summary>Scalar reference for <see cref="Rope"/> (adjacent-pair rotation). The tests' ground truth.</summary>
public static class RopeReference
{
    /// <summary>Rotates each pair (x[2i], x[2i+1]) of every head by +angle (forward) in place.</summary>
    /// <param name="x">One token [heads * headDim].</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Head width.</param>
    /// <param name="position">Token position.</param>
    /// <param name="table">Angles.</param>
    public static void Forward(Span<float> x, int heads, int headDim, int position, RopeTable table)
    {
        Check(x, heads, headDim, position, table);
        Rotate(x, heads, headDim, position, table, inverse: false);
    }

    /// <summary>Rotates each pair by -angle in place (the gradient of <see cref="Forward"/>).</summary>
    /// <param name="dx">On entry dL/dy, on exit dL/dx [heads * headDim].</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Head width.</param>
    /// <param name="position">Token position.</param>
    /// <param name="table">Angles.</param>
    public static void Backward(Span<float> dx, int heads, int headDim, int position, RopeTable table)
    {
        Check(dx, heads, headDim, position, table);
        Rotate(dx, heads, headDim, position, table, inverse: true);
    }

    internal static void Rotate(Span<float> x, int heads, int headDim, int position, RopeTable table, bool inverse)
    {
        var half = headDim / 2;
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < half; i++)
            {
                var c = table.Cos[(position * half) + i];
                var s = inverse ? -table.Sin[(position * half) + i] : table.Sin[(position * half) + i];
                var j = (h * headDim) + (2 * i);
                var x0 = x[j];
                var x1 = x[j + 1];
                x[j] = (x0 * c) - (x1 * s);
                x[j + 1] = (x0 * s) + (x1 * c);
            }
        }
    }

    internal static void Check(Span<float> x, int heads, int headDim, int position, RopeTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (headDim != table.HeadDim)
        {
            throw new ArgumentException($"headDim {headDim} does not match the RopeTable's {table.HeadDim}.", nameof(headDim));
        }

        if (x.Length != heads * headDim)
        {
            throw new ArgumentException($"Rope input has length {x.Length}; expected heads*headDim = {heads * headDim}.", nameof(x));
        }

        if ((uint)position >= (uint)table.ContextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"Position must be in [0, {table.ContextLength}).");
        }
    }
}
