using Microsoft.Extensions.AI;

namespace Rethink.Testing;

/// <summary>A model endpoint that cannot be reached: every call throws <see cref="HttpRequestException"/>. Thread-safe.</summary>
public sealed class UnreachableChatClient : IChatClient
{
    private int _calls;

    /// <summary>The message of the thrown exceptions.</summary>
    public string Message { get; init; } = "Connection refused (scripted: the endpoint is unreachable).";

    /// <summary>Number of calls attempted.</summary>
    public int CallCount => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromException<ChatResponse>(new HttpRequestException(Message));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        throw new HttpRequestException(Message);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType is not null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
