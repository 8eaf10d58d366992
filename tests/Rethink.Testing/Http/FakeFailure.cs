namespace Rethink.Testing.Http;

/// <summary>
/// A scripted failure for one request to <see cref="FakeOpenAIServer"/>: an HTTP error status with optional headers
/// (<c>Retry-After</c>), or a connection aborted after a 200 and part of the body (mid-body / mid-stream).
/// </summary>
public sealed record FakeFailure
{
    public int Status { get; init; } = 503;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Answer 200, send part of the body (one SSE chunk when streaming), then drop the connection.</summary>
    public bool AbortAfterPartialBody { get; init; }

    /// <summary>
    /// What the server waits for between sending part of the body and dropping the connection (default: 100 ms).
    /// Kestrel discards output still queued when a connection is aborted, so a streaming test completes this once it
    /// has read the first chunk, which makes "data, then failure" deterministic.
    /// </summary>
    public Task? AbortWhen { get; init; }

    public static FakeFailure WithStatus(int status, string? retryAfter = null) => new()
    {
        Status = status,
        Headers = retryAfter is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Retry-After"] = retryAfter },
    };

    public static FakeFailure PartialBody { get; } = new() { AbortAfterPartialBody = true };
}
