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

    /// <summary>Concurrent generations (each owns a KV cache); further requests wait in a queue.</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Top alternatives reported per token when the request asks for log-probabilities without a count.</summary>
    public int DefaultTopLogProbs { get; init; }
}
