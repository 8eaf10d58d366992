using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.Errors;
using Rethink.Server.Hosting;

namespace Rethink.Server.ChatCompletions;

/// <summary>
/// <c>POST /v1/chat/completions</c>. Order of checks: body size (413), body arrival within
/// <see cref="ServerOptions.RequestBodyTimeout"/> and Kestrel's minimum data rate (408, connection closed), JSON (400), parameters (400), model (404),
/// overrides (400), then a concurrency slot (429 when the queue is full), then the pipeline under a token that fires on
/// client disconnect or the request timeout, so a dropped client stops every upstream call of its request.
/// </summary>
internal sealed class ChatCompletionsEndpoint
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly ServerOptions _options;
    private readonly IReadOnlyDictionary<string, ModelPipeline> _models;
    private readonly ConcurrencyLimiter _limiter;
    private readonly ServerLog _log;

    public ChatCompletionsEndpoint(ServerOptions options, IReadOnlyDictionary<string, ModelPipeline> models, ConcurrencyLimiter limiter, ServerLog log)
    {
        _options = options;
        _models = models;
        _limiter = limiter;
        _log = log;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var aborted = http.RequestAborted;
        string model = "-";
        var outcome = "ok";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var request = await ReadAsync(http, aborted).ConfigureAwait(false);
            model = request.Model;
            var pipeline = _models.TryGetValue(request.Model, out var p)
                ? p
                : throw new ApiException(404, ErrorTypes.InvalidRequest, $"The model '{request.Model}' does not exist; GET /v1/models lists the served models.", "model", "model_not_found");
            var client = pipeline.For(request.SettingOverrides);

            using var lease = await _limiter.AcquireAsync(1, timeout.Token).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                throw new ApiException(429, ErrorTypes.RateLimit, "The server is at capacity; retry after the time in Retry-After.", null, "server_overloaded")
                {
                    RetryAfterSeconds = _options.RetryAfterSeconds,
                };
            }

            if (request.Stream)
            {
                await StreamAsync(http, request, pipeline, client, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await CompleteAsync(http, request, pipeline, client, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            // Nobody is listening any more; the token already stopped the upstream work. Strategies report the
            // cancellation as StrategyStoppedException, so this catches more than OperationCanceledException.
            outcome = "client disconnected";
        }
        catch (Exception exception)
        {
            var error = Classify(exception, timeout.IsCancellationRequested);
            outcome = error.Status >= 500
                ? $"failed {error.Code ?? error.Type}: {exception.GetType().Name}: {exception.Message}"
                : error.Code ?? error.Type;
            await WriteErrorAsync(http, error, aborted).ConfigureAwait(false);
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _log.Write(string.Create(CultureInfo.InvariantCulture, $"POST /v1/chat/completions {http.Response.StatusCode} model={model} {ms:F1}ms {outcome}"));
        }
    }

    private async Task<ChatCompletionRequest> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > _options.MaxRequestBodyBytes)
        {
            throw TooLarge();
        }

        JsonDocument document;
        using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyTimeout.CancelAfter(_options.RequestBodyTimeout);
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, bodyTimeout.Token).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw ApiException.Invalid("The request body is not valid JSON.", null, "invalid_json");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw SlowBody();
        }

        // Kestrel reports the client's faults while reading as BadHttpRequestException, an IOException: left alone they
        // would be classified as an upstream failure (502).
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            throw SlowBody();
        }
        catch (BadHttpRequestException)
        {
            throw new ApiException(400, ErrorTypes.InvalidRequest, "The request body could not be read: its framing is malformed.", null, "invalid_body") { CloseConnection = true };
        }

        using (document)
        {
            return ChatCompletionRequestParser.Parse(document.RootElement, _options);
        }
    }

    private static ApiException SlowBody() =>
        new(408, ErrorTypes.InvalidRequest, "The request body did not arrive in time; send it at once.", null, "request_timeout") { CloseConnection = true };

    private ApiException TooLarge() =>
        new(413, ErrorTypes.InvalidRequest, string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {_options.MaxRequestBodyBytes} bytes."), null, "request_too_large");

    private async Task CompleteAsync(HttpContext http, ChatCompletionRequest request, ModelPipeline pipeline, IChatClient client, CancellationToken cancellationToken)
    {
        var choices = new List<ChatResponse>();
        for (var i = 0; i < request.N; i++)
        {
            var options = OptionsFor(request, pipeline, i);
            choices.Add(await client.GetResponseAsync(request.Messages, options, cancellationToken).ConfigureAwait(false));
        }

        var body = ChatCompletionWriter.Completion(NewId(), Created(), request.Model, choices, request.WantExtension, request.WantTrajectory, request.LogProbs);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext http, ChatCompletionRequest request, ModelPipeline pipeline, IChatClient client, CancellationToken cancellationToken)
    {
        var id = NewId();
        var created = Created();
        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // The role chunk goes out at once: clients see the stream open even while a strategy is still working.
        await WriteEventAsync(response, ChatCompletionWriter.Chunk(id, created, request.Model, "assistant", string.Empty, null, request.IncludeUsage), cancellationToken).ConfigureAwait(false);
        ChatFinishReason? finish = null;
        var usages = new List<UsageDetails>();
        Trajectory? trajectory = null;
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(request.Messages, OptionsFor(request, pipeline, 0), cancellationToken).ConfigureAwait(false))
            {
                var text = update.Text;
                var tokens = request.LogProbs ? ChatCompletionWriter.TokensOf(update.AdditionalProperties) : null;
                if (text.Length > 0 || tokens is { Count: > 0 })
                {
                    await WriteEventAsync(response, ChatCompletionWriter.Chunk(id, created, request.Model, null, text, null, request.IncludeUsage, tokens), cancellationToken).ConfigureAwait(false);
                }

                finish = update.FinishReason ?? finish;
                usages.AddRange(update.Contents.OfType<UsageContent>().Select(u => u.Details));
                trajectory ??= ChatCompletionWriter.TrajectoryOf(update.AdditionalProperties);
            }
        }
        catch (Exception exception) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Headers are gone, so the failure travels as an error event, and no [DONE] follows it.
            var error = Classify(exception, cancellationToken.IsCancellationRequested);
            await WriteEventAsync(response, ErrorEnvelope.Serialize(error), http.RequestAborted).ConfigureAwait(false);
            throw new StreamFailedException(error, exception);
        }

        // finish_reason appears exactly once, on this chunk, whatever the provider did.
        await WriteEventAsync(response, ChatCompletionWriter.Chunk(id, created, request.Model, null, null, finish ?? ChatFinishReason.Stop, request.IncludeUsage), cancellationToken).ConfigureAwait(false);
        if (request.IncludeUsage || request.WantExtension)
        {
            var trailer = ChatCompletionWriter.TrailerChunk(id, created, request.Model, ChatCompletionWriter.Sum(usages), request.IncludeUsage, request.WantExtension, trajectory, request.WantTrajectory);
            await WriteEventAsync(response, trailer, cancellationToken).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(Done, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(EventEnd, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ChatOptions OptionsFor(ChatCompletionRequest request, ModelPipeline pipeline, int choice)
    {
        var options = request.Options.Clone();
        if (request.N > 1)
        {
            // Distinct seeds, so n choices from a seeded provider are n samples rather than n copies.
            options.Seed = (options.Seed ?? 0) + choice;
        }

        if (pipeline.Model.RunsStrategy && options.Seed is { } seed)
        {
            // The strategy's own sampled calls (self-consistency, best-of-n) follow the request's seed too.
            options.AdditionalProperties ??= [];
            options.AdditionalProperties[RethinkProperties.StrategySeed] = seed;
        }

        return options;
    }

    private static ApiException Classify(Exception exception, bool timedOut)
    {
        switch (exception)
        {
            case StreamFailedException failed:
                return failed.Error;
            case ApiException api:
                return api;
            case OperationCanceledException or StrategyStoppedException when timedOut:
                return new ApiException(504, ErrorTypes.Server, "The request took longer than this server's time limit; its upstream work was cancelled.", null, "timeout");
            case StrategyStoppedException { InnerException: { } inner }:
                return Classify(inner, timedOut);
            case StrategyStoppedException stopped when stopped.Partial.StopReason == StopReasons.Timeout:
                return new ApiException(504, ErrorTypes.Server, "The strategy ran out of time before a final answer.", null, "timeout");
            case StrategyStoppedException stopped when stopped.Partial.StopReason == StopReasons.Budget:
                return new ApiException(500, ErrorTypes.Server, "The strategy ran out of its token budget before a final answer.", null, "budget_exhausted");
            case ContextLengthExceededException tooLong:
                // OpenAI's own status and code, so clients (and our providers) recognise it. The message is ours: the
                // exception's may name a model file's path.
                return new ApiException(400, ErrorTypes.InvalidRequest, ContextLengthMessage(tooLong), "messages", "context_length_exceeded");
            case HttpRequestException or IOException:
            case { } when exception.GetType().Name is "ClientResultException" or "OllamaException" or "ResponseError":
                return new ApiException(502, ErrorTypes.Server, "The upstream model failed to answer.", null, "upstream_error");
            case TimeoutException:
                return new ApiException(504, ErrorTypes.Server, "The upstream model timed out.", null, "upstream_timeout");
            default:
                return new ApiException(500, ErrorTypes.Server, "The model could not answer this request; the server log has the details.", null, "internal_error");
        }
    }

    private static string ContextLengthMessage(ContextLengthExceededException e) => (e.PromptTokens, e.ContextLength) switch
    {
        ({ } prompt, { } context) => string.Create(CultureInfo.InvariantCulture, $"The conversation is {prompt} tokens but this model's context is {context} tokens; shorten the messages."),
        _ => "The conversation does not fit this model's context; shorten the messages.",
    };

    private static async Task WriteErrorAsync(HttpContext http, ApiException error, CancellationToken cancellationToken)
    {
        try
        {
            await ErrorEnvelope.WriteAsync(http.Response, error, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left while we were answering.
        }
    }

    private long Created() => _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>A stream that already reported its failure as an event; only the status line remains to log.</summary>
    private sealed class StreamFailedException(ApiException error, Exception inner) : Exception(inner.Message, inner)
    {
        public ApiException Error { get; } = error;
    }
}
