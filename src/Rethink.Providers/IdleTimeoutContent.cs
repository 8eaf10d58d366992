namespace Rethink.Providers;

/// <summary>
/// A response body that fails with <see cref="AttemptTimeoutException"/> when no bytes arrive for the idle timeout.
/// The per-attempt timeout in <see cref="RetryingHttpHandler"/> ends when the headers arrive; a server that then
/// stalls mid-body (a hung stream) would otherwise hold the call until the caller gives up. Each read gets the full
/// timeout, so a long stream that keeps producing is never cut off. Not thread-safe, like any response stream.
/// </summary>
internal sealed class IdleTimeoutContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TimeSpan _idleTimeout;

    /// <param name="inner">The socket handler's content (owned: disposed with this one).</param>
    /// <param name="idleTimeout">How long one read may wait for data.</param>
    public IdleTimeoutContent(HttpContent inner, TimeSpan idleTimeout)
    {
        _inner = inner;
        _idleTimeout = idleTimeout;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new IdleTimeoutStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _idleTimeout);

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
