using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rethink.Server.ChatCompletions;
using Rethink.Server.Errors;
using Rethink.Server.Hosting;
using Rethink.Server.Security;

namespace Rethink.Server;

/// <summary>
/// An OpenAI-compatible HTTP server (Kestrel) over a set of <see cref="ServedModel"/>s:
/// <c>POST /v1/chat/completions</c> (JSON or server-sent events ending with <c>data: [DONE]</c>), <c>GET /v1/models</c>,
/// <c>GET /v1/models/{id}</c>, <c>GET /health</c> (liveness) and <c>GET /ready</c> (readiness: 503 once stopping).
/// Errors use OpenAI's envelope and never carry exception text, paths or keys. Every request first passes the loopback
/// guard (<see cref="LoopbackGuardExtensions.UseLoopbackGuard"/>): a foreign Host is 421, a foreign Origin 403, a POST
/// that is not <c>application/json</c> 415, and CORS headers go only to the configured origins. Start it with <see cref="StartAsync"/>;
/// dispose it (or call <see cref="StopAsync"/>) to stop accepting requests and let in-flight ones finish.
/// Thread-safe; the served pipelines and factories must be too, and the server never disposes them (see <see cref="ServedModel"/>).
/// </summary>
public sealed class RethinkServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrencyLimiter _limiter;
    private readonly ServerLog _log;
    private volatile bool _ready;

    private RethinkServer(WebApplication app, ConcurrencyLimiter limiter, ServerLog log, IReadOnlyList<string> modelNames)
    {
        _app = app;
        _limiter = limiter;
        _log = log;
        ModelNames = modelNames;
    }

    /// <summary>The base URL clients use, ending in <c>/v1</c> (e.g. <c>http://127.0.0.1:8080/v1</c>); the real port when 0 was asked.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The served model names, in the order given.</summary>
    public IReadOnlyList<string> ModelNames { get; }

    /// <summary>Chat requests waiting for a slot right now (tests wait on it instead of sleeping).</summary>
    internal long QueuedRequests => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// Validates <paramref name="options"/> and <paramref name="models"/> and starts listening. Throws
    /// <see cref="ServerConfigurationException"/> (one line, no secrets) for a non-loopback host without an API key,
    /// an API key shorter than <see cref="ServerOptions.MinApiKeyLength"/>, an invalid host, allowed host, origin or limit, a
    /// duplicate or invalid model name, or allowed overrides without a pipeline factory; and <see cref="IOException"/> when the port is
    /// taken or the address cannot be bound (not one of this machine's).
    /// </summary>
    public static async Task<RethinkServer> StartAsync(IReadOnlyList<ServedModel> models, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Validate();
        var pipelines = new Dictionary<string, ModelPipeline>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            var pipeline = ModelPipeline.Create(model);
            if (!pipelines.TryAdd(model.Name, pipeline))
            {
                throw new ServerConfigurationException($"model name '{model.Name}' is used twice");
            }
        }

        if (pipelines.Count == 0)
        {
            throw new ServerConfigurationException("no models to serve");
        }

        var log = new ServerLog(options.Log, [options.ApiKey, .. options.Secrets], options.TimeProvider);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],

            // Never Development: that would turn on the developer exception page, which shows stack traces.
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ServerLogProvider(log));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (options.MinRequestBodyDataRate is { } rate)
            {
                kestrel.Limits.MinRequestBodyDataRate = rate;
            }

            kestrel.Listen(address, options.Port);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRequests,
            QueueLimit = options.MaxQueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var server = new RethinkServer(app, limiter, log, models.Select(m => m.Name).ToList());
        server.Map(options, pipelines);
        app.Lifetime.ApplicationStopping.Register(() => server._ready = false);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            limiter.Dispose();

            // Kestrel wraps "address in use" in an IOException but lets other bind failures (an address this machine
            // does not have) escape as SocketException, which callers would not know to read as "cannot listen".
            if (e is System.Net.Sockets.SocketException socket)
            {
                var endpoint = new IPEndPoint(address, options.Port);
                throw new IOException($"Failed to bind to address http://{endpoint}: {socket.Message}.", socket);
            }

            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(bound.TrimEnd('/') + "/v1");
        server._ready = true;
        log.Write($"listening on {server.BaseUrl} ({pipelines.Count} model(s), {(options.ApiKey is null ? "no API key" : "API key required")})");
        return server;
    }

    /// <summary>Stops accepting requests; in-flight requests get up to 10 seconds to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _ready = false;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _ready = false;
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _limiter.Dispose();
        }
    }

    private void Map(ServerOptions options, Dictionary<string, ModelPipeline> pipelines)
    {
        var app = _app;

        // First: refusals of cross-site requests come before authentication, since a preflight carries no credentials.
        app.UseLoopbackGuard(options.GuardOptions() with
        {
            OnRejected = (http, code) => _log.Write(string.Create(CultureInfo.InvariantCulture, $"{http.Request.Method} {http.Request.Path} {http.Response.StatusCode} {code}")),
        });
        app.Use(async (http, next) =>
        {
            try
            {
                if (options.ApiKey is { } key && http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) && !Authorized(http.Request, key))
                {
                    await ErrorEnvelope.WriteAsync(
                        http.Response,
                        new ApiException(401, ErrorTypes.Authentication, "Missing or incorrect API key: send 'Authorization: Bearer KEY'.", null, "invalid_api_key"),
                        http.RequestAborted).ConfigureAwait(false);
                    _log.Write($"{http.Request.Method} {http.Request.Path} 401 invalid_api_key");
                    return;
                }

                await next(http).ConfigureAwait(false);
            }
            catch (Exception exception) when (!http.RequestAborted.IsCancellationRequested)
            {
                _log.Write($"{http.Request.Method} {http.Request.Path} 500 unhandled {exception.GetType().Name}: {exception.Message}");
                await ErrorEnvelope.WriteAsync(http.Response, new ApiException(500, ErrorTypes.Server, "The server failed to process the request.", null, "internal_error"), http.RequestAborted).ConfigureAwait(false);
            }
        });

        var chat = new ChatCompletionsEndpoint(options, pipelines, _limiter, _log);
        app.MapPost("/v1/chat/completions", chat.HandleAsync);

        var created = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        app.MapGet("/v1/models", () => Json(w =>
        {
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var name in ModelNames)
            {
                w.WriteStartObject();
                WriteModel(w, pipelines[name], created);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }));
        app.MapGet("/v1/models/{**id}", (string id) => pipelines.TryGetValue(id, out var p)
            ? Json(w => WriteModel(w, p, created))
            : Error(new ApiException(404, ErrorTypes.InvalidRequest, $"The model '{id}' does not exist.", "model", "model_not_found")));
        app.MapGet("/health", () => Json(w => w.WriteString("status", "ok")));
        app.MapGet("/ready", () => _ready
            ? Json(w =>
            {
                w.WriteString("status", "ready");
                w.WriteNumber("models", pipelines.Count);
            })
            : Json(w => w.WriteString("status", "stopping"), StatusCodes.Status503ServiceUnavailable));
        app.MapFallback((HttpContext http) => Error(new ApiException(404, ErrorTypes.InvalidRequest, $"Unknown endpoint {http.Request.Method} {http.Request.Path}.", null, "unknown_url")));
    }

    private static void WriteModel(Utf8JsonWriter w, ModelPipeline pipeline, long created)
    {
        w.WriteString("id", pipeline.Model.Name);
        w.WriteString("object", "model");
        w.WriteNumber("created", created);
        w.WriteString("owned_by", pipeline.Model.OwnedBy);
    }

    private static IResult Json(Action<Utf8JsonWriter> body, int status = StatusCodes.Status200OK)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Results.Text(Encoding.UTF8.GetString(buffer.ToArray()), "application/json", Encoding.UTF8, status);
    }

    private static IResult Error(ApiException error) =>
        Results.Text(Encoding.UTF8.GetString(ErrorEnvelope.Serialize(error)), "application/json", Encoding.UTF8, error.Status);

    private static bool Authorized(HttpRequest request, string key)
    {
        var header = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        var given = header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : string.Empty;

        // Hashing first makes the comparison constant-time regardless of the lengths.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
