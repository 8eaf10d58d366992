namespace Rethink.Providers;

/// <summary>The HttpClient every network provider talks through: socket handler, then the one retry layer.</summary>
internal static class ProviderHttp
{
    /// <summary>
    /// A new client for one provider. Its own <see cref="HttpClient.Timeout"/> is infinite: the per-attempt timeout
    /// lives in <see cref="RetryingHttpHandler"/> (a client-wide one would also count the waits between retries and
    /// cut off long streams), and callers bound a whole call with their cancellation token.
    /// </summary>
    public static HttpClient Create(ModelClientSettings settings, Uri? baseAddress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,

            // Picks up DNS changes of long-lived endpoints during long runs.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        return new HttpClient(new RetryingHttpHandler(settings, sockets))
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
