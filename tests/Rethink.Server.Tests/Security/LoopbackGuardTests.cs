using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Rethink.Server.Security;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.Security;

/// <summary>
/// Requests a browser would send on a web page's behalf (cross-origin simple requests, DNS rebinding) never reach a
/// model; CORS headers go only to configured origins. Each case runs against the real Kestrel server on 127.0.0.1.
/// </summary>
public sealed class LoopbackGuardTests
{
    [Fact]
    public async Task Only_a_json_post_reaches_the_model_and_the_rest_is_415_in_the_error_envelope()
    {
        var upstream = new ScriptedChatClient(_ => "ok");
        await using var server = await TestServer.StartAsync(upstream);
        string?[] refused = ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1", null];
        string[] accepted = ["application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8"];

        foreach (var contentType in refused)
        {
            using var request = Post(contentType);
            using var response = await server.Http.SendAsync(request);

            var error = await ErrorBody.ReadAsync(response);
            Assert.True(error.Status == 415, $"{contentType}: {error.Status}");
            Assert.Equal("unsupported_media_type", error.Code);
            Assert.Equal("invalid_request_error", error.Type);
        }

        Assert.Equal(0, upstream.CallCount);
        foreach (var contentType in accepted)
        {
            using var request = Post(contentType);
            using var response = await server.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, contentType);
        }

        Assert.Equal(accepted.Length, upstream.CallCount);
        Assert.Contains("POST /v1/chat/completions 415 unsupported_media_type", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_host_is_421_everywhere_and_the_loopback_names_with_the_port_are_served()
    {
        var upstream = new ScriptedChatClient(_ => "ok");
        await using var server = await TestServer.StartAsync(upstream);
        var port = Port(server);

        // DNS rebinding sends the attacker's own name; the others are this machine under a name or port it was not asked for.
        string[] foreign = ["evil.example", $"evil.example:{port}", $"127.0.0.1.evil.example:{port}", "localhost", "127.0.0.1:1", $"192.168.1.10:{port}", $"[::ffff:c0a8:10a]:{port}"];
        foreach (var host in foreign)
        {
            foreach (var request in new[] { Post("application/json"), new HttpRequestMessage(HttpMethod.Get, "models"), new HttpRequestMessage(HttpMethod.Get, "/health") })
            {
                using (request)
                {
                    request.Headers.Host = host;
                    using var response = await server.Http.SendAsync(request);

                    var error = await ErrorBody.ReadAsync(response);
                    Assert.True(error.Status == 421, $"{host} {request.RequestUri}: {error.Status}");
                    Assert.Equal("host_not_allowed", error.Code);
                    Assert.DoesNotContain(host, error.Raw, StringComparison.Ordinal);
                    Assert.Empty(CorsHeaders(response));
                }
            }
        }

        Assert.Equal(0, upstream.CallCount);
        Assert.Contains("GET /v1/models 421 host_not_allowed", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", server.Log, StringComparison.Ordinal);

        string[] loopback = [$"127.0.0.1:{port}", $"localhost:{port}", $"LocalHost:{port}", $"[::1]:{port}", $"[::ffff:127.0.0.1]:{port}"];
        foreach (var host in loopback)
        {
            using var request = Post("application/json");
            request.Headers.Host = host;
            using var response = await server.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, host);
        }
    }

    [Fact]
    public async Task Configured_hosts_are_served_on_their_ports_and_no_others()
    {
        var options = new ServerOptions { AllowedHosts = ["rethink.internal", "proxy.lan:8443", "10.1.2.3:9000"] };
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: options);
        var port = Port(server);
        var cases = new (string Host, int Status)[]
        {
            ($"rethink.internal:{port}", 200), ("Rethink.Internal", 200), ("rethink.internal:443", 200), ("proxy.lan:8443", 200),
            ("10.1.2.3:9000", 200), ($"127.0.0.1:{port}", 200), ($"proxy.lan:{port}", 421), ($"10.1.2.3:{port}", 421),
            ($"other.internal:{port}", 421), ($"internal:{port}", 421),
        };

        foreach (var (host, status) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "models");
            request.Headers.Host = host;
            using var response = await server.Http.SendAsync(request);
            Assert.True(status == (int)response.StatusCode, $"{host}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_foreign_origin_is_403_and_the_servers_own_origin_is_served_without_cors_headers()
    {
        var upstream = new ScriptedChatClient(_ => "ok");
        await using var server = await TestServer.StartAsync(upstream);
        var port = Port(server);
        string[] foreign = ["http://evil.example", "https://evil.example", "http://localhost:5173", "http://127.0.0.1:1", "http://127.0.0.1", "null", $"http://127.0.0.1:{port}/path", "file://"];

        foreach (var origin in foreign)
        {
            using var post = WithOrigin(Post("application/json"), origin);
            using var posted = await server.Http.SendAsync(post);
            using var preflight = Preflight(origin, "POST");
            using var preflighted = await server.Http.SendAsync(preflight);

            var error = await ErrorBody.ReadAsync(posted);
            Assert.True(error.Status == 403, $"{origin}: {error.Status}");
            Assert.Equal("origin_not_allowed", error.Code);
            Assert.Equal(403, (int)preflighted.StatusCode);
            Assert.Empty(CorsHeaders(posted));
            Assert.Empty(CorsHeaders(preflighted));
        }

        Assert.Equal(0, upstream.CallCount);
        Assert.Contains("POST /v1/chat/completions 403 origin_not_allowed", server.Log, StringComparison.Ordinal);

        foreach (var origin in new[] { $"http://127.0.0.1:{port}", $"http://localhost:{port}" })
        {
            using var request = WithOrigin(Post("application/json"), origin);
            using var response = await server.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, origin);
            Assert.Empty(CorsHeaders(response));
        }
    }

    [Fact]
    public async Task No_cors_header_is_sent_by_default_on_answers_or_errors()
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"));
        var own = "http://127.0.0.1:" + Port(server);
        var cases = new List<(HttpRequestMessage Request, int Status)>
        {
            (WithOrigin(Post("application/json"), own), 200),
            (WithOrigin(Post("application/json", "{bad"), own), 400),
            (WithOrigin(Post("application/json", TestServer.Chat("nope", "hi")), own), 404),
            (WithOrigin(new HttpRequestMessage(HttpMethod.Get, "models"), own), 200),
            (WithOrigin(new HttpRequestMessage(HttpMethod.Get, "no-such-endpoint"), own), 404),
            (WithOrigin(Post("text/plain"), own), 415),
            (WithOrigin(Post("application/json"), "http://evil.example"), 403),
            (Preflight("http://evil.example", "POST"), 403),
            (Preflight(own, "POST"), 404),
            (WithHost(Post("application/json"), "evil.example"), 421),
        };

        foreach (var (request, status) in cases)
        {
            using (request)
            {
                using var response = await server.Http.SendAsync(request);
                Assert.Equal(status, (int)response.StatusCode);
                Assert.Empty(CorsHeaders(response));
            }
        }
    }

    [Fact]
    public async Task A_configured_origin_gets_cors_headers_and_its_preflights_are_answered()
    {
        const string Allowed = "http://localhost:5173";
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: new ServerOptions { AllowedOrigins = [Allowed] });

        using var preflight = Preflight(Allowed, "POST", "authorization, content-type, x-stainless-os");
        using var preflighted = await server.Http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, preflighted.StatusCode);
        Assert.Equal(Allowed, Header(preflighted, "Access-Control-Allow-Origin"));
        Assert.Equal("GET, POST", Header(preflighted, "Access-Control-Allow-Methods"));
        Assert.Equal("authorization, content-type, x-stainless-os", Header(preflighted, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Header(preflighted, "Access-Control-Max-Age"));
        Assert.Equal("Origin", Header(preflighted, "Vary"));
        Assert.Null(Header(preflighted, "Access-Control-Allow-Credentials"));
        Assert.Equal(string.Empty, await preflighted.Content.ReadAsStringAsync());

        foreach (var (request, status) in new[]
        {
            (Post("application/json"), 200),
            (Post("application/json", "{bad"), 400),
            (Post("text/plain"), 415),
            (new HttpRequestMessage(HttpMethod.Get, "models"), 200),
        })
        {
            using (request)
            {
                request.Headers.TryAddWithoutValidation("Origin", Allowed);
                using var response = await server.Http.SendAsync(request);
                Assert.Equal(status, (int)response.StatusCode);
                Assert.Equal(Allowed, Header(response, "Access-Control-Allow-Origin"));
                Assert.Equal("Retry-After", Header(response, "Access-Control-Expose-Headers"));
                Assert.Equal("Origin", Header(response, "Vary"));
            }
        }

        // Only that origin: another is refused as without CORS, preflight included.
        using var other = Preflight("http://localhost:3000", "POST");
        using var refused = await server.Http.SendAsync(other);
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Empty(CorsHeaders(refused));
    }

    [Theory]
    [InlineData("http://example.com", null, "allowed host 'http://example.com'")]
    [InlineData("example.com/v1", null, "allowed host 'example.com/v1'")]
    [InlineData("example.com:99999", null, "allowed host 'example.com:99999'")]
    [InlineData(null, "*", "allowed origin '*'")]
    [InlineData(null, "null", "allowed origin 'null'")]
    [InlineData(null, "localhost:5173", "allowed origin 'localhost:5173'")]
    [InlineData(null, "http://localhost:5173/", "allowed origin 'http://localhost:5173/'")]
    [InlineData(null, "ftp://localhost", "allowed origin 'ftp://localhost'")]
    public async Task Malformed_allowed_hosts_and_origins_are_refused_at_start(string? host, string? origin, string expected)
    {
        var options = new ServerOptions { AllowedHosts = host is null ? [] : [host], AllowedOrigins = origin is null ? [] : [origin] };

        var e = await Assert.ThrowsAsync<ServerConfigurationException>(
            () => RethinkServer.StartAsync([new ServedModel { Name = "m", Client = new ScriptedChatClient(_ => "ok") }], options));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guard_protects_any_pipeline_it_is_added_to()
    {
        // A page of this server's own (as a viewer would serve) posts to it; a foreign site cannot.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.UseLoopbackGuard(new LoopbackGuardOptions());
        app.MapGet("/page", () => "page");
        app.MapPost("/action", () => "done");
        await app.StartAsync();
        var url = new Uri(app.Urls.Single());
        using var http = new HttpClient { BaseAddress = url };
        var own = "http://127.0.0.1:" + url.Port.ToString(CultureInfo.InvariantCulture);

        using var page = await http.GetAsync("/page");
        using var action = await http.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Post, "/action") { Content = new StringContent("{}", Encoding.UTF8, "application/json") }, own));
        using var form = await http.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Post, "/action") { Content = new FormUrlEncodedContent([]) }, own));
        using var foreign = await http.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Get, "/page"), "http://evil.example"));
        using var rebound = await http.SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "/page"), "evil.example:" + url.Port.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, action.StatusCode);
        Assert.Equal(415, (int)form.StatusCode);
        Assert.Equal(403, (int)foreign.StatusCode);
        Assert.Equal(421, (int)rebound.StatusCode);
        await app.StopAsync();
        Assert.Throws<ArgumentException>(() => app.UseLoopbackGuard(new LoopbackGuardOptions { AllowedOrigins = ["*"] }));
    }

    private static HttpRequestMessage Post(string? contentType, string? body = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? TestServer.Chat("m", "hi")));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = content };
    }

    private static HttpRequestMessage Preflight(string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "chat/completions");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", headers);
        }

        return request;
    }

    private static HttpRequestMessage WithOrigin(HttpRequestMessage request, string origin)
    {
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }

    private static HttpRequestMessage WithHost(HttpRequestMessage request, string host)
    {
        request.Headers.Host = host;
        return request;
    }

    private static string Port(TestServer server) => server.BaseUrl.Port.ToString(CultureInfo.InvariantCulture);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static List<string> CorsHeaders(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || (h.Key.Equals("Vary", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("Origin")))
            .Select(h => h.Key)
            .ToList();
}
