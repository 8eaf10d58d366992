using Microsoft.AspNetCore.Builder;

namespace Rethink.Server.Security;

/// <summary>Adds the loopback guard to an ASP.NET Core pipeline.</summary>
public static class LoopbackGuardExtensions
{
    /// <summary>
    /// Keeps web pages out of a local HTTP service. A browser lets any page it shows send requests to 127.0.0.1, and a
    /// page on a name its owner controls can have that name resolve to 127.0.0.1 (DNS rebinding); this middleware
    /// refuses both before anything after it runs. Add it first, before authentication (preflights carry no
    /// credentials) and before any endpoint. Contract, checked in this order on every request:
    /// <list type="number">
    /// <item><b>Host.</b> The <c>Host</c> header must name the address and port the connection arrived on (an IP
    /// literal; IPv4-mapped IPv6 is read as IPv4), or, on a loopback connection, <c>localhost</c>, <c>127.0.0.1</c> or
    /// <c>[::1]</c> with that port, or an entry of <see cref="LoopbackGuardOptions.AllowedHosts"/>. A missing port is 80.
    /// Otherwise: <b>421 Misdirected Request</b>, code <c>host_not_allowed</c>. A connection without an IP endpoint
    /// admits only the allowed hosts.</item>
    /// <item><b>Origin.</b> A request without <c>Origin</c> (curl, SDKs, servers) passes. One with an Origin passes when
    /// the origin is listed in <see cref="LoopbackGuardOptions.AllowedOrigins"/>, or when its host and port would pass the
    /// Host check (a page served by this same server). Anything else, <c>null</c> and a malformed origin included:
    /// <b>403 Forbidden</b>, code <c>origin_not_allowed</c>.</item>
    /// <item><b>CORS.</b> Only for an origin in <see cref="LoopbackGuardOptions.AllowedOrigins"/>: a preflight
    /// (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>) is answered 204 with
    /// <c>Access-Control-Allow-Origin</c> (that origin), <c>-Allow-Methods: GET, POST</c>, the requested headers, and
    /// <c>-Max-Age: 600</c>; every other response to it, errors included, carries <c>Access-Control-Allow-Origin</c>,
    /// <c>Access-Control-Expose-Headers: Retry-After</c> and <c>Vary: Origin</c>. No credentials mode (keys travel as
    /// bearer tokens, not cookies). With no allowed origins, no response ever carries a CORS header.</item>
    /// <item><b>Content type.</b> <c>POST</c>, <c>PUT</c> and <c>PATCH</c> must send <c>Content-Type: application/json</c>
    /// (a <c>charset</c> parameter, if any, must be UTF-8): the content types a page may send without a preflight
    /// (<c>text/plain</c>, forms, none) are refused with <b>415 Unsupported Media Type</b>, code
    /// <c>unsupported_media_type</c>.</item>
    /// </list>
    /// Refusals are written in OpenAI's error envelope (<c>{"error": {...}}</c>, type <c>invalid_request_error</c>), never
    /// echo the offending header, and are reported to <see cref="LoopbackGuardOptions.OnRejected"/>. Throws
    /// <see cref="ArgumentException"/> for malformed options. Thread-safe.
    /// </summary>
    public static IApplicationBuilder UseLoopbackGuard(this IApplicationBuilder app, LoopbackGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return app.Use(next => new LoopbackGuardMiddleware(next, options).InvokeAsync);
    }
}
