namespace Rethink.Core;

/// <summary>
/// Thrown by a chat client when a prompt does not fit the model's context window (the lab's LocalChatClient; an
/// OpenAI-compatible endpoint that answers 400 with code <c>context_length_exceeded</c>). A strategy whose conversation
/// outgrows the context after it has committed an answer stops with <see cref="StopReasons.ContextLength"/> and keeps
/// that answer; one that cannot even ask its first question fails with <see cref="StopReasons.Error"/>.
/// </summary>
public sealed class ContextLengthExceededException : InvalidOperationException
{
    /// <summary>Creates the exception; the counts are null when the provider did not say.</summary>
    public ContextLengthExceededException(string message, int? promptTokens = null, int? contextLength = null, Exception? inner = null)
        : base(message, inner)
    {
        PromptTokens = promptTokens;
        ContextLength = contextLength;
    }

    /// <summary>Creates the exception (default constructor required by analyzers).</summary>
    public ContextLengthExceededException()
        : this("The prompt does not fit the model's context window.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ContextLengthExceededException(string message)
        : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ContextLengthExceededException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>Tokens in the prompt that did not fit, when known.</summary>
    public int? PromptTokens { get; }

    /// <summary>The model's context window in tokens, when known.</summary>
    public int? ContextLength { get; }
}
