using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>
/// An upstream that answers one chunk ("partial") and then waits until cancelled, counting calls and cancellations, so
/// tests can prove that a client's disconnect or the server's timeout reaches the upstream work.
/// </summary>
public sealed class SlowUpstream : IChatClient
{
    private int _calls;
    private int _cancelled;
    private long _lastCancelTimestamp;

    public int Calls => Volatile.Read(ref _calls);

    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>When the last cancellation was seen (Stopwatch timestamp).</summary>
    public long LastCancelTimestamp => Volatile.Read(ref _lastCancelTimestamp);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await WaitForCancelAsync(cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "never"));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        await WaitForCancelAsync(cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "never");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private async Task WaitForCancelAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref _lastCancelTimestamp, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref _cancelled);
            throw;
        }
    }
}
