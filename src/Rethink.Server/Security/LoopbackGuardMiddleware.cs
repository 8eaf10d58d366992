using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Rethink.Server.Errors;

namespace Rethink.Server.Security;

/// <summary>
/// The checks behind <see cref="LoopbackGuardExtensions.UseLoopbackGuard"/>, in their order: Host (421), Origin (403),
/// CORS preflight (204, configured origins only), request content type (415). Thread-safe: everything it holds is
/// read-only after construction.
/// </summary>
internal sealed class LoopbackGuardMiddleware
{
    public const string HostNotAllowed = "host_not_allowed";
    public const string OriginNotAllowed = "origin_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";

    private static readonly IPAddress[] LoopbackNames = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private readonly RequestDelegate _next;
    private readonly HostAuthority[] _allowedHosts;
    private readonly HashSet<string> _corsOrigins;
    private readonly Action<HttpContext, string>? _onRejected;

    public LoopbackGuardMiddleware(RequestDelegate next, LoopbackGuardOptions options)
    {
        options.Validate();
        _next = next;

        // Validate has parsed every entry once already, so these parses succeed.
        _allowedHosts = options.AllowedHosts.Select(h => HostAuthority.TryParse(h.Trim(), out var a) ? a : null).OfType<HostAuthority>().ToArray();
        _corsOrigins = options.AllowedOrigins.Select(o => OriginName.TryParse(o.Trim(), out var n) ? n.Canonical : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        _onRejected = options.OnRejected;
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HostAuthority.TryParse(request.Host.Value, out var host) || !Admits(http.Connection, host with { Port = host.Port ?? 80 }))
        {
            // DNS rebinding: a page on a name the attacker controls, resolved to this machine, sends that name here.
            await RejectAsync(http, new ApiException(
                StatusCodes.Status421MisdirectedRequest,
                ErrorTypes.InvalidRequest,
                "This server does not answer to the host name in the request's Host header; the operator can allow it (allowed hosts).",
                null,
                HostNotAllowed)).ConfigureAwait(false);
            return;
        }

        var cors = false;
        if (request.Headers.TryGetValue(HeaderNames.Origin, out var origins))
        {
            var sent = origins.Count == 1 ? origins[0] : null;
            if (!OriginName.TryParse(sent, out var origin))
            {
                await RejectOriginAsync(http).ConfigureAwait(false);
                return;
            }

            cors = _corsOrigins.Contains(origin.Canonical);
            if (!cors && !Admits(http.Connection, origin.Host))
            {
                await RejectOriginAsync(http).ConfigureAwait(false);
                return;
            }
        }

        if (cors)
        {
            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
            {
                AnswerPreflight(http);
                return;
            }

            // At start, not now: an error envelope clears the response headers before it is written.
            var value = request.Headers.Origin.ToString();
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.AccessControlAllowOrigin = value;
                headers.AccessControlExposeHeaders = HeaderNames.RetryAfter;
                headers.Append(HeaderNames.Vary, HeaderNames.Origin);
                return Task.CompletedTask;
            });
        }

        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)) && !IsJson(request.ContentType))
        {
            // text/plain, forms and no content type at all are what a page may send anywhere without a preflight.
            await RejectAsync(http, new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorTypes.InvalidRequest,
                "Send the request body as JSON with 'Content-Type: application/json'.",
                null,
                UnsupportedMediaType)).ConfigureAwait(false);
            return;
        }

        await _next(http).ConfigureAwait(false);
    }

    private bool Admits(ConnectionInfo connection, HostAuthority host)
    {
        if (connection.LocalIpAddress is { } local)
        {
            local = HostAuthority.Normalize(local);
            if (host.Port == connection.LocalPort)
            {
                if (host.Address is { } address && address.Equals(local))
                {
                    return true;
                }

                if (IPAddress.IsLoopback(local) && (host.Name == "localhost" || (host.Address is { } a && LoopbackNames.Contains(a))))
                {
                    return true;
                }
            }
        }

        return _allowedHosts.Any(allowed => allowed.SameHost(host) && (allowed.Port is null || allowed.Port == host.Port));
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    private static void AnswerPreflight(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.AccessControlAllowOrigin = http.Request.Headers.Origin.ToString();
        response.Headers.AccessControlAllowMethods = "GET, POST";
        response.Headers.AccessControlMaxAge = "600";
        response.Headers.Vary = HeaderNames.Origin;

        // The origin is trusted by configuration, so whatever headers its client library sends (OpenAI's SDKs send
        // several of their own) may come; only token characters are echoed.
        var asked = http.Request.Headers.AccessControlRequestHeaders.ToString();
        if (asked.Length > 0 && asked.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ',' or ' '))
        {
            response.Headers.AccessControlAllowHeaders = asked;
        }
    }

    private Task RejectOriginAsync(HttpContext http) => RejectAsync(http, new ApiException(
        StatusCodes.Status403Forbidden,
        ErrorTypes.InvalidRequest,
        "Requests from this web origin are not allowed; the operator can allow it (allowed origins).",
        null,
        OriginNotAllowed));

    private async Task RejectAsync(HttpContext http, ApiException error)
    {
        try
        {
            await ErrorEnvelope.WriteAsync(http.Response, error, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left while we were answering.
        }

        _onRejected?.Invoke(http, error.Code!);
    }
}
