namespace Rethink.Engine.Model;

/// <summary>
/// Shape of a decoder-only Llama-architecture transformer. Immutable; <see cref="Validate"/> is called by every
/// consumer that allocates buffers from it, so a bad shape fails with a message instead of an index error.
/// </summary>
/// <param name="VocabSize">Number of token ids.</param>
/// <param name="Dim">Model (residual stream) width.</param>
/// <param name="Layers">Number of transformer blocks.</param>
/// <param name="Heads">Number of query heads; <see cref="Dim"/> must be divisible by it.</param>
/// <param name="KvHeads">Number of key/value heads (grouped-query attention); must divide <see cref="Heads"/>.</param>
/// <param name="HiddenDim">Width of the SwiGLU feed-forward layer.</param>
/// <param name="ContextLength">Maximum sequence length (positions 0 .. ContextLength-1).</param>
/// <param name="RopeTheta">Base of the rotary position embedding frequencies.</param>
/// <param name="NormEps">Epsilon inside RMSNorm's square root.</param>
/// <param name="TiedEmbeddings">When true the output projection reuses the token embedding matrix.</param>
public sealed record ModelConfig(
    int VocabSize,
    int Dim,
    int Layers,
    int Heads,
    int KvHeads,
    int HiddenDim,
    int ContextLength,
    float RopeTheta = 10000f,
    float NormEps = 1e-5f,
    bool TiedEmbeddings = true)
{
    /// <summary>Width of one attention head: Dim / Heads.</summary>
    public int HeadDim => Dim / Heads;

    /// <summary>Width of the key and value projections: KvHeads * HeadDim.</summary>
    public int KvDim => KvHeads * HeadDim;

    /// <summary>Number of query heads that share one key/value head.</summary>
    public int GroupSize => Heads / KvHeads;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        Check(VocabSize > 0, nameof(VocabSize), "must be positive");
        Check(Dim > 0, nameof(Dim), "must be positive");
        Check(Layers > 0, nameof(Layers), "must be positive");
        Check(Heads > 0 && Dim % Heads == 0, nameof(Heads), $"must be positive and divide Dim ({Dim})");
        Check(KvHeads > 0 && Heads % KvHeads == 0, nameof(KvHeads), $"must be positive and divide Heads ({Heads})");
        Check(HeadDim % 2 == 0, nameof(Heads), $"head dimension {HeadDim} must be even for rotary embeddings");
        Check(HiddenDim > 0, nameof(HiddenDim), "must be positive");
        Check(ContextLength > 0, nameof(ContextLength), "must be positive");
        Check(RopeTheta > 0, nameof(RopeTheta), "must be positive");
        Check(NormEps > 0, nameof(NormEps), "must be positive");
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"ModelConfig.{field} {message}.", field);
        }
    }
}
