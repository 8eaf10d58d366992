using Microsoft.AspNetCore.Http;

namespace Rethink.Server.Security;

/// <summary>
/// What <see cref="LoopbackGuardExtensions.UseLoopbackGuard"/> admits beyond its defaults. The defaults need no
/// configuration: a Host naming the address and port the connection arrived on, and, on a loopback connection,
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> with that port. Immutable; <see cref="Validate"/> checks every entry.
/// </summary>
public sealed record LoopbackGuardOptions
{
    /// <summary>
    /// Further Host values to admit (a reverse proxy's name, a LAN name): <c>name</c>, <c>name:port</c>, an IP literal,
    /// <c>ip:port</c> or <c>[v6]:port</c>; no scheme, no path. An entry without a port admits that host on any port.
    /// Names compare case-insensitively, IP literals as addresses. They also admit an <c>Origin</c> on that host (no CORS
    /// headers follow from it: that is <see cref="AllowedOrigins"/>).
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Origins of other sites allowed to call the server from a browser (<c>http://localhost:5173</c>: scheme, host and
    /// port, nothing else). Requests from them pass the Origin check and get CORS headers, and their preflights are
    /// answered. Empty (the default): the server never sends a CORS header. <c>null</c> and <c>*</c> are refused: each
    /// would let any page in.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Called after the guard has answered a request itself (421, 403 or 415), with its error code
    /// (<c>host_not_allowed</c>, <c>origin_not_allowed</c>, <c>unsupported_media_type</c>); null: nothing is called. For
    /// logging; it must not throw and must not write to the response.
    /// </summary>
    public Action<HttpContext, string>? OnRejected { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message naming the first malformed entry.</summary>
    public void Validate()
    {
        foreach (var host in AllowedHosts)
        {
            if (!HostAuthority.TryParse(host?.Trim(), out _))
            {
                throw new ArgumentException(
                    $"allowed host '{host}' is not a host name or IP address with an optional :port (no scheme, no path)");
            }
        }

        foreach (var origin in AllowedOrigins)
        {
            if (!OriginName.TryParse(origin?.Trim(), out _))
            {
                throw new ArgumentException(
                    $"allowed origin '{origin}' is not an origin like http://localhost:5173 (scheme http or https, a host, an optional port, no path)");
            }
        }
    }
}
