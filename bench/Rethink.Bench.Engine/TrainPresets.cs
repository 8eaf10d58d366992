using Rethink.Engine.Model;
using Rethink.Lab.Training;

namespace Rethink.Bench.Engine;

/// <summary>The model shapes the `train` verb names with <c>--preset</c>.</summary>
internal static class TrainPresets
{
    /// <summary>
    /// vocab 288 (256 byte tokens + room for 32 specials), dim 256, 6 layers, 8 heads of 32, 4 key/value heads, SwiGLU
    /// hidden 768, context 512, tied embeddings; about 4.8 M parameters, the shape the training MFU figures quote.
    /// </summary>
    public static ModelConfig Lab { get; } = new(
        VocabSize: 288,
        Dim: 256,
        Layers: 6,
        Heads: 8,
        KvHeads: 4,
        HiddenDim: 768,
        ContextLength: 512);

    /// <summary>A toy shape for smoke runs: vocab 64, dim 32, 2 layers, 4 heads, 2 kv heads, hidden 64, context 64.</summary>
    public static ModelConfig Tiny { get; } = new(
        VocabSize: 64,
        Dim: 32,
        Layers: 2,
        Heads: 4,
        KvHeads: 2,
        HiddenDim: 64,
        ContextLength: 64);

    /// <summary>Looks a preset up by name (<c>lab</c>, <c>tiny</c>); case-insensitive.</summary>
    /// <exception cref="ArgumentException">The name is not a preset.</exception>
    public static ModelConfig Get(string name) => name?.ToUpperInvariant() switch
    {
        "LAB" => Lab,
        "TINY" => Tiny,
        _ => throw new ArgumentException($"Unknown model preset '{name}'; expected 'lab' or 'tiny'.", nameof(name)),
    };

    /// <summary>As <see cref="Get"/>, and <c>lab-recipe</c>: the lab recipes' model (<see cref="LabRecipes.LabModel"/>).</summary>
    public static ModelConfig GetWithRecipe(string name) =>
        string.Equals(name, "lab-recipe", StringComparison.OrdinalIgnoreCase) ? LabRecipes.LabModel : Get(name);
}
