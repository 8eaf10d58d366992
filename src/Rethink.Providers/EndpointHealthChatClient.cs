using Microsoft.Extensions.AI;

namespace Rethink.Providers;

/// <summary>
/// Remembers the last endpoint failure (unreachable, refused credentials) the provider raised. The runner turns a
/// failed problem into a stored error string, so by the time a run aborts the exception's type is gone; this client
/// sits right above the provider and keeps the classification, so the CLI can still exit with code 3 and say why.
/// Rethrows everything unchanged; never retries. Thread-safe.
/// </summary>
public sealed class EndpointHealthChatClient : DelegatingChatClient
{
    private readonly string _endpoint;
    private string? _lastFailure;
    private long _successes;

    /// <param name="innerClient">The provider client.</param>
    /// <param name="endpoint">Where it points (no credentials), named in the failure message.</param>
    public EndpointHealthChatClient(IChatClient innerClient, string endpoint)
        : base(innerClient)
    {
        _endpoint = endpoint;
    }

    /// <summary>The one-line description of the last endpoint failure, or null when there was none.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Calls that got an answer from the provider.</summary>
    public long Successes => Interlocked.Read(ref _successes);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _successes);
            return response;
        }
        catch (Exception e) when (Record(e))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                update = enumerator.Current;
            }
            catch (Exception e) when (Record(e))
            {
                throw;
            }

            yield return update;
        }

        Interlocked.Increment(ref _successes);
    }

    // An exception filter that never catches: it only looks at the exception on its way up.
    private bool Record(Exception exception)
    {
        if (EndpointFailures.Describe(exception) is { } message)
        {
            Volatile.Write(ref _lastFailure, $"{message} ({_endpoint})");
        }

        return false;
    }
}
