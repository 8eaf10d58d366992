using System.Runtime.Intrinsics;

namespace Rethink.Engine.Kernels;

/// <summary>
/// Rotary position embedding (Su et al. 2021) on ADJACENT pairs, llama.cpp's LLAMA_ROPE_TYPE_NORM (the layout of the
/// <c>llama</c> GGUF architecture, so our weights run there unpermuted): for every head and pair i,
/// (x[2i], x[2i+1]) is rotated by angle p * theta^(-2i/headDim). Scalar ground truth: <see cref="RopeReference"/>.
/// </summary>
public static class Rope
{
    /// <summary>
    /// Rotates every head of one token in place:
    /// y[2i] = x[2i] cos - x[2i+1] sin;  y[2i+1] = x[2i] sin + x[2i+1] cos.
    /// </summary>
    /// <param name="x">One token's query or key vector [heads * headDim], rotated in place.</param>
    /// <param name="heads">Number of heads in <paramref name="x"/>.</param>
    /// <param name="headDim">Width of one head; must equal the table's.</param>
    /// <param name="position">Token position, in [0, table.ContextLength).</param>
    /// <param name="table">Precomputed angles.</param>
    public static void Forward(Span<float> x, int heads, int headDim, int position, RopeTable table) =>
        Rotate(x, heads, headDim, position, table, inverse: false);

    /// <summary>
    /// Back-propagates through <see cref="Forward"/> in place: a rotation's Jacobian is the rotation, so the gradient is
    /// rotated by the negative angle: dx[2i] = dy[2i] cos + dy[2i+1] sin; dx[2i+1] = -dy[2i] sin + dy[2i+1] cos.
    /// </summary>
    /// <param name="dx">On entry dL/dy, on exit dL/dx [heads * headDim].</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Width of one head.</param>
    /// <param name="position">Token position.</param>
    /// <param name="table">Precomputed angles.</param>
    public static void Backward(Span<float> dx, int heads, int headDim, int position, RopeTable table) =>
        Rotate(dx, heads, headDim, position, table, inverse: true);

    private static void Rotate(Span<float> x, int heads, int headDim, int position, RopeTable table, bool inverse)
    {
        RopeReference.Check(x, heads, headDim, position, table);
        if (!Vector512.IsHardwareAccelerated || headDim % Vector512<float>.Count != 0)
        {
            RopeReference.Rotate(x, heads, headDim, position, table, inverse);
            return;
        }

        // y = x * (c0,c0,c1,c1..) + swap(x) * (-s0,s0,-s1,s1..); the inverse flips the sign of the sine term.
        var swap = Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        var cosRow = table.CosInterleaved.AsSpan(position * headDim, headDim);
        var sinRow = table.SinSigned.AsSpan(position * headDim, headDim);
        for (var h = 0; h < heads; h++)
        {
            var head = x.Slice(h * headDim, headDim);
            for (var d = 0; d < headDim; d += Vector512<float>.Count)
            {
                var v = Vector512.Create(head.Slice(d, Vector512<float>.Count));
                var c = Vector512.Create(cosRow.Slice(d, Vector512<float>.Count));
                var s = Vector512.Create(sinRow.Slice(d, Vector512<float>.Count));
                var swapped = Vector512.Shuffle(v, swap);
                var r = inverse ? Vector512.FusedMultiplyAdd(-swapped, s, v * c) : Vector512.FusedMultiplyAdd(swapped, s, v * c);
                r.CopyTo(head.Slice(d));
            }
        }
    }
}
