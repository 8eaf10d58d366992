namespace Rethink.Engine.Inference;

/// <summary>
/// How to choose each next token. Order of operations: temperature scales the logits; top-k keeps the k most likely;
/// top-p keeps the smallest most-likely prefix whose probability reaches p; one draw from the renormalised rest.
/// Temperature 0 is greedy (ties to the lowest id). Draws come from a seeded <see cref="DeterministicRandom"/>, so a
/// (seed, prompt) pair always gives the same tokens.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Greedy decoding.</summary>
    public static SamplingOptions Greedy { get; } = new();

    /// <summary>Softmax temperature; 0 = greedy.</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the k most likely tokens; 0 = off.</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus threshold in (0, 1]; 1 = off.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>RNG seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Maximum number of tokens to generate.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Token ids that end generation (the tokenizer's EOS, role-end markers).</summary>
    public IReadOnlyCollection<int> StopTokens { get; init; } = [];

    /// <summary>How many top alternatives (with log-probabilities) to report per token; 0 = none.</summary>
    public int TopLogProbs { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> on an out-of-range field.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0) || float.IsInfinity(Temperature))
        {
            throw new ArgumentException("Temperature must be finite and >= 0.", nameof(Temperature));
        }

        if (TopK < 0 || MaxTokens < 0 || TopLogProbs < 0)
        {
            throw new ArgumentException("TopK, MaxTokens and TopLogProbs must be >= 0.");
        }

        if (!(TopP > 0 && TopP <= 1))
        {
            throw new ArgumentException("TopP must be in (0, 1].", nameof(TopP));
        }
    }
}
