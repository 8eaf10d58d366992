namespace Rethink.Lab.Chat;

/// <summary>Settings of a <see cref="LocalChatClient"/>.</summary>
public sealed record LocalChatClientOptions
{
    /// <summary>Model id reported in responses and metadata.</summary>
    public string ModelId { get; init; } = "lab";

    /// <summary>
    /// Generated tokens when the request sets no MaxOutputTokens. 512 fits the longest step-by-step critique the critique
    /// recipe teaches (about 380 tokens) with room to spare; generation also stops at the end of the context.
    /// </summary>
    public int DefaultMaxOutputTokens { get; init; } = 512;

    /// <summary>
    /// Temperature when the request sets none. 0 (greedy) by default so that a plain request is reproducible; the
    /// OpenAI API's default of 1 would make every lab run a draw.
    /// </summary>
    public float DefaultTemperature { get; init; }

    /// <summary>
    /// Generations decoded together, one matmul row each (continuous batching), 1..<see cref="Rethink.Engine.Inference.ContinuousBatcher.MaxBatchLimit"/>;
    /// further requests wait in a queue. A reply is bit for bit the same as it would be alone. On the small lab model
    /// the gain is modest (decode-only 1.3-1.4x at eight; bench/README.md), because per-sequence attention and prefill,
    /// not the weights, dominate its cost. Each place holds a KV cache for a full context (3 MB on the lab model, about
    /// 94 MB on a 135M-parameter model at 2,048 positions), so lower it for large models (docs/decisions/0011).
    /// </summary>
    public int MaxConcurrency { get; init; } = Rethink.Engine.Inference.ContinuousBatcher.MaxBatchLimit;

    /// <summary>Top alternatives reported per token when the request asks for log-probabilities without a count.</summary>
    public int DefaultTopLogProbs { get; init; }
}
