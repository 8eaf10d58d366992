namespace Rethink.Engine.Inference;

/// <summary>
/// One transformer block's weights for inference, with the projections that read the same input fused so each
/// sub-layer is one product: Q, K and V rows stacked into <see cref="Qkv"/>, gate and up rows into
/// <see cref="GateUp"/>. Immutable; thread-safe.
/// </summary>
/// <param name="AttnNorm">RMSNorm weight before attention [dim].</param>
/// <param name="Qkv">Rows of Wq, then Wk, then Wv [dim + 2 kvDim, dim].</param>
/// <param name="Wo">Attention output projection [dim, dim].</param>
/// <param name="FfnNorm">RMSNorm weight before the feed-forward [dim].</param>
/// <param name="GateUp">Rows of the SwiGLU gate w1, then up w3 [2 hidden, dim].</param>
/// <param name="Down">SwiGLU down projection w2 [dim, hidden].</param>
public sealed record InferenceLayer(float[] AttnNorm, WeightMatrix Qkv, WeightMatrix Wo, float[] FfnNorm, WeightMatrix GateUp, WeightMatrix Down);
