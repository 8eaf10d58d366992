namespace Rethink.Engine.Inference;

/// <summary>Why a generation ended.</summary>
public enum FinishReason
{
    /// <summary>A stop token was sampled.</summary>
    Stop,

    /// <summary><see cref="SamplingOptions.MaxTokens"/> were generated.</summary>
    MaxTokens,

    /// <summary>The session's context window is full.</summary>
    ContextFull,
}
