using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rethink.Testing.Http;

/// <summary>
/// A scripted OpenAI-compatible server on 127.0.0.1 (Kestrel, random port): POST /v1/chat/completions, non-streaming,
/// answering with <see cref="Responder"/>. Enough of the wire format for the official OpenAI client: id, object,
/// created, model, choices[{index, message{role, content}, finish_reason}], usage. Token counts are word counts, so
/// they are deterministic. When <see cref="RequiredKey"/> is set, any other key gets a 401 whose body ECHOES the
/// Authorization header it received, the way some real providers do, so tests can check the CLI never prints it.
/// <see cref="Failure"/> scripts failures per request (error statuses with Retry-After, connections dropped after part
/// of the body); <c>"stream": true</c> requests are answered as server-sent events. Arrival times are recorded so retry
/// delays can be measured where they happen.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeChatRequest> _requests = new();
    private readonly ConcurrentQueue<TimeSpan> _arrivals = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _count;

    private FakeOpenAIServer(WebApplication app, Func<FakeChatRequest, string> responder)
    {
        _app = app;
        Responder = responder;
    }

    public Func<FakeChatRequest, string> Responder { get; set; }

    /// <summary>Called before answering each request; may block (to hold a request in flight) or cancel something.</summary>
    public Func<FakeChatRequest, CancellationToken, Task>? BeforeAnswer { get; set; }

    /// <summary>Decides per request whether to fail it instead of answering; null (or a null result) answers normally.</summary>
    public Func<FakeChatRequest, FakeFailure?>? Failure { get; set; }

    public string? RequiredKey { get; set; }

    /// <summary>When set, a streamed reply goes out one word per chunk with this pause before each chunk.</summary>
    public TimeSpan StreamChunkDelay { get; set; }

    /// <summary>When each request arrived, measured from server start, in arrival order.</summary>
    public IReadOnlyList<TimeSpan> ArrivalTimes => _arrivals.ToList();

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<FakeChatRequest> Requests => _requests.ToList();

    public int RequestCount => Volatile.Read(ref _count);

    /// <param name="responder">The reply text per request.</param>
    /// <param name="port">The loopback port to listen on; 0 (default) lets the OS choose one.</param>
    public static async Task<FakeOpenAIServer> StartAsync(Func<FakeChatRequest, string> responder, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new FakeOpenAIServer(app, responder);
        app.MapPost("/v1/chat/completions", (Delegate)server.HandleAsync);
        app.MapPost("/api/chat", (Delegate)server.HandleOllamaAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        _arrivals.Enqueue(_clock.Elapsed);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (RequiredKey is not null && authorization != "Bearer " + RequiredKey)
        {
            return Results.Json(
                new { error = new { message = $"Incorrect API key provided: {authorization}", type = "invalid_request_error", code = "invalid_api_key" } },
                statusCode: 401);
        }

        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var model = body?["model"]?.GetValue<string>() ?? "unknown";
        var messages = new List<(string, string)>();
        foreach (var message in body?["messages"]?.AsArray() ?? [])
        {
            messages.Add((message?["role"]?.GetValue<string>() ?? "", ContentText(message?["content"])));
        }

        var request = new FakeChatRequest(Interlocked.Increment(ref _count), model, messages, authorization) { Temperature = body?["temperature"]?.GetValue<double>(), IdempotencyKey = IdempotencyKey(http) };
        _requests.Enqueue(request);
        if (BeforeAnswer is { } before)
        {
            await before(request, http.RequestAborted);
        }

        var stream = body?["stream"]?.GetValue<bool>() == true;
        if (Failure?.Invoke(request) is { } failure)
        {
            return await FailAsync(http, failure, stream, model);
        }

        var text = Responder(request);
        if (stream)
        {
            if (StreamChunkDelay > TimeSpan.Zero)
            {
                await WriteSlowStreamAsync(http, request, model, text, StreamChunkDelay);
                return Results.Empty;
            }

            await WriteStreamAsync(http, request, model, text, abortAfterFirstChunk: false);
            return Results.Empty;
        }

        var promptTokens = messages.Sum(m => Words(m.Item2));
        var completionTokens = Words(text);
        return Results.Json(new
        {
            id = $"chatcmpl-{request.Number}",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        });
    }

    private static async Task<IResult> FailAsync(HttpContext http, FakeFailure failure, bool stream, string model)
    {
        if (!failure.AbortAfterPartialBody)
        {
            foreach (var (name, value) in failure.Headers)
            {
                http.Response.Headers[name] = value;
            }

            return Results.Json(new { error = new { message = $"scripted failure {failure.Status}", type = "server_error" } }, statusCode: failure.Status);
        }

        if (stream)
        {
            await WriteStreamAsync(http, new FakeChatRequest(0, model, [], null), model, "partial", abortAfterFirstChunk: true, failure.AbortWhen);
            return Results.Empty;
        }

        // A declared length the body never reaches: the client sees the connection drop mid-body.
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = 4096;
        await http.Response.WriteAsync("{\"id\":\"chatcmpl-partial\",\"object\":");
        await http.Response.Body.FlushAsync();
        await WaitQuietlyAsync(failure.AbortWhen, http.RequestAborted);
        http.Abort();
        return Results.Empty;
    }

    // Word by word, each chunk after a pause: a generation that is slow overall but never silent for long.
    private static async Task WriteSlowStreamAsync(HttpContext http, FakeChatRequest request, string model, string text, TimeSpan delay)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            await Task.Delay(delay, http.RequestAborted);
            var chunk = new JsonObject
            {
                ["id"] = $"chatcmpl-{request.Number}", ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = new JsonObject { ["content"] = (i == 0 ? "" : " ") + words[i] },
                    ["finish_reason"] = i == words.Length - 1 ? "stop" : null,
                }),
            };
            await http.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await http.Response.Body.FlushAsync();
        }

        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    // Until the test's signal (100 ms without one), at most 10 s, and never past the client hanging up.
    private static async Task WaitQuietlyAsync(Task? signal, CancellationToken requestAborted)
    {
        try
        {
            await (signal ?? Task.Delay(100, requestAborted)).WaitAsync(TimeSpan.FromSeconds(10), requestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
    }

    // OpenAI's streaming wire format: one chunk with the text, one with the finish reason and usage, then [DONE].
    private static async Task WriteStreamAsync(HttpContext http, FakeChatRequest request, string model, string text, bool abortAfterFirstChunk, Task? abortWhen = null)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        var id = $"chatcmpl-{request.Number}";
        var first = new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = text }, ["finish_reason"] = null }),
        };
        await http.Response.WriteAsync("data: " + first.ToJsonString() + "\n\n");
        await http.Response.Body.FlushAsync();
        if (abortAfterFirstChunk)
        {
            await WaitQuietlyAsync(abortWhen, http.RequestAborted);
            http.Abort();
            return;
        }

        var promptTokens = request.Messages.Sum(m => Words(m.Content));
        var last = new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = Words(text), ["total_tokens"] = promptTokens + Words(text) },
        };
        await http.Response.WriteAsync("data: " + last.ToJsonString() + "\n\ndata: [DONE]\n\n");
    }

    // Ollama's native chat API (what OllamaSharp speaks): one JSON object per line, the last with done = true.
    private async Task<IResult> HandleOllamaAsync(HttpContext http)
    {
        _arrivals.Enqueue(_clock.Elapsed);
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var model = body?["model"]?.GetValue<string>() ?? "unknown";
        var messages = new List<(string, string)>();
        foreach (var message in body?["messages"]?.AsArray() ?? [])
        {
            messages.Add((message?["role"]?.GetValue<string>() ?? "", ContentText(message?["content"])));
        }

        var request = new FakeChatRequest(Interlocked.Increment(ref _count), model, messages, http.Request.Headers.Authorization.ToString()) { IdempotencyKey = IdempotencyKey(http) };
        _requests.Enqueue(request);
        if (Failure?.Invoke(request) is { } failure)
        {
            return await FailAsync(http, failure with { AbortAfterPartialBody = false }, stream: false, model);
        }

        var text = Responder(request);
        var line = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["done"] = true,
            ["done_reason"] = "stop",
            ["prompt_eval_count"] = messages.Sum(m => Words(m.Item2)),
            ["eval_count"] = Words(text),
        };
        return Results.Text(line.ToJsonString() + "\n", "application/x-ndjson");
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => content.ToJsonString(),
    };

    private static string? IdempotencyKey(HttpContext http) =>
        http.Request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null;

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
