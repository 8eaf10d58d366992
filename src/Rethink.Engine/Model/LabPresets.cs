namespace Rethink.Engine.Model;

/// <summary>
/// Named model shapes for the built-in lab model. Presets are plain <see cref="ModelConfig"/> values; adjust the
/// vocabulary to the tokenizer with <c>LabPresets.Lab with { VocabSize = n }</c>.
/// </summary>
public static class LabPresets
{
    /// <summary>
    /// The lab model: vocab 288 (256 byte tokens + room for 32 specials), dim 256, 6 layers, 8 heads of 32,
    /// 4 key/value heads, SwiGLU hidden 768, context 512, tied embeddings; about 4.8 M parameters, sized to train on
    /// 2 CPU cores in under an hour.
    /// </summary>
    public static ModelConfig Lab { get; } = new(
        VocabSize: 288,
        Dim: 256,
        Layers: 6,
        Heads: 8,
        KvHeads: 4,
        HiddenDim: 768,
        ContextLength: 512);

    /// <summary>A toy shape for tests and smoke runs: vocab 64, dim 32, 2 layers, 4 heads, 2 kv heads, hidden 64, context 64.</summary>
    public static ModelConfig Tiny { get; } = new(
        VocabSize: 64,
        Dim: 32,
        Layers: 2,
        Heads: 4,
        KvHeads: 2,
        HiddenDim: 64,
        ContextLength: 64);

    /// <summary>Looks a preset up by name (<c>lab</c>, <c>tiny</c>); case-insensitive.</summary>
    /// <param name="name">Preset name.</param>
    /// <exception cref="ArgumentException">The name is not a preset.</exception>
    public static ModelConfig Get(string name) => name?.ToUpperInvariant() switch
    {
        "LAB" => Lab,
        "TINY" => Tiny,
        _ => throw new ArgumentException($"Unknown model preset '{name}'; expected 'lab' or 'tiny'.", nameof(name)),
    };
}
