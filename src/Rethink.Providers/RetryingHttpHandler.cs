using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace Rethink.Providers;

/// <summary>
/// The one retry layer of every network provider, sitting on the HttpClient right above the socket handler.
/// Retries only what cannot have handed the caller any part of an answer: connect failures, HTTP 408, 429, 500, 502, 503
/// and 504, a connection reset or closed after the request was sent but before the response headers, and, for a call
/// that is not streamed, a body that is reset, ends early or stalls (<see cref="TransientFaults"/>): such a body is read
/// to the end inside the attempt, so the retry covers it. A streamed body is handed up once the headers arrive and is
/// never retried, since its updates may already be with the caller. Waits what <c>Retry-After</c> (delta seconds or
/// HTTP date) or <c>retry-after-ms</c> says, capped at <see cref="ModelClientSettings.RetryAfterCap"/>, and otherwise
/// backs off exponentially with jitter. Each attempt gets <see cref="ModelClientSettings.AttemptTimeout"/> to produce
/// the response headers; a timed-out attempt surfaces as an <see cref="AttemptTimeoutException"/> and is not retried;
/// after the headers, each read of the body gets <see cref="ModelClientSettings.BodyIdleTimeout"/>. Every logical call
/// carries one <c>Idempotency-Key</c> header, the same on each of its attempts, so a provider that honours it does not
/// run (or bill) a retried request twice. Cancellation ends waits and attempts at once.
/// Thread-safe; the pipeline holds no per-call state.
/// </summary>
internal sealed class RetryingHttpHandler : DelegatingHandler
{
    private readonly ModelClientSettings _settings;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <param name="settings">Retry count, delays and timeouts.</param>
    /// <param name="innerHandler">The socket handler (owned: disposed with this handler).</param>
    public RetryingHttpHandler(ModelClientSettings settings, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _pipeline = settings.MaxRetries <= 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.BaseDelay,
                    MaxDelay = settings.RetryAfterCap > TimeSpan.Zero ? settings.RetryAfterCap : null,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                    // A zero cap means "retry at once": Polly would otherwise fall back to its uncapped backoff.
                    DelayGenerator = args => ValueTask.FromResult(settings.RetryAfterCap <= TimeSpan.Zero
                        ? TimeSpan.Zero
                        : RetryAfter(args.Outcome.Result, DateTimeOffset.UtcNow, settings.RetryAfterCap)),
                    OnRetry = args =>
                    {
                        RecordRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome);

                        // The failed response is done with: free its connection before waiting.
                        args.Outcome.Result?.Dispose();
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
    }

    /// <summary>The status codes a retry may fix: the request was refused or lost before any generation was kept.</summary>
    public static bool IsRetriableStatus(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The header that names one logical call; every attempt of the call sends the same value.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// Whether an attempt's outcome is worth another try: a retriable status, a connection that never opened, or a
    /// <see cref="TransientResponseException"/> (the response was lost after the request went out, before any of it
    /// reached the caller). Not retried: other statuses (400, 401, 404, ...), attempt timeouts before the headers,
    /// name-resolution failures (usually a typo), anything once a streamed body was handed up, and cancellation.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        { Exception: TransientResponseException } => true,
        { Exception: null, Result: { } response } => IsRetriableStatus(response.StatusCode),
        _ => false,
    };

    /// <summary>
    /// Whether a request body asks for a streamed response: a JSON object whose top-level <c>stream</c> is
    /// <c>true</c>, as both the OpenAI and the Ollama chat APIs spell it. Anything else (no body, other JSON, not
    /// JSON) is not a stream request.
    /// </summary>
    public static bool AsksForStream(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStream = reader.ValueTextEquals("stream"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isStream)
                {
                    return reader.TokenType == JsonTokenType.True;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>
    /// The wait a response asks for, capped at <paramref name="cap"/>: <c>retry-after-ms</c> (OpenAI's), else
    /// <c>Retry-After</c> as seconds or as an HTTP date relative to <paramref name="now"/>. Null when the response names
    /// none (or is null), so the caller's backoff applies. A date in the past means no wait.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now, TimeSpan cap)
    {
        if (response is null)
        {
            return null;
        }

        TimeSpan? wait = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= 0 && !double.IsInfinity(ms))
        {
            wait = TimeSpan.FromMilliseconds(Math.Min(ms, cap.TotalMilliseconds));
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }

        if (wait is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }

    /// <summary>Retry tag name on the surrounding span: how many retries the call needed.</summary>
    public const string RetriesTag = "rethink.retries";

    // The model-call span (when telemetry is on) is the current activity here: the HTTP call runs inside it. Retries are
    // below the span, so without this a retried call would look like one slow request.
    private static void RecordRetry(int retry, TimeSpan delay, Outcome<HttpResponseMessage> outcome)
    {
        if (System.Diagnostics.Activity.Current is not { } span)
        {
            return;
        }

        span.SetTag(RetriesTag, retry);
        var tags = new System.Diagnostics.ActivityTagsCollection
        {
            ["rethink.retry"] = retry,
            ["rethink.retry.delay_ms"] = Math.Round(delay.TotalMilliseconds),
        };
        if (outcome.Result is { } response)
        {
            tags["http.response.status_code"] = (int)response.StatusCode;
        }

        if (outcome.Exception is { } exception)
        {
            tags["error.type"] = exception.GetType().FullName;
        }

        span.AddEvent(new System.Diagnostics.ActivityEvent("retry", tags: tags));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // One key per logical call, set before the first attempt, so every retry repeats it. A caller's own key wins.
        if (!request.Headers.Contains(IdempotencyKeyHeader))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, "rethink-" + Guid.NewGuid().ToString("N"));
        }

        // Reading the body buffers it, which the retries need anyway: each attempt resends the same bytes.
        var streamed = request.Content is { } content
            && AsksForStream(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Handler.SendAttemptAsync(state.Request, state.Streamed, token).ConfigureAwait(false),
            (Handler: this, Request: request, Streamed: streamed),
            cancellationToken).ConfigureAwait(false);
    }

    // Resending the same request message is safe here: the socket handler does not mark it sent, and the body was
    // buffered before the first attempt.
    private async Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, bool streamed, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            attempt.CancelAfter(_settings.AttemptTimeout);
            try
            {
                response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt.IsCancellationRequested)
                {
                    throw new AttemptTimeoutException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"the model endpoint sent no response within {_settings.AttemptTimeout.TotalSeconds:0.###} s (set {ModelClientSettings.AttemptTimeoutVariable} for slower models)"),
                        e);
                }

                // Only the socket handler's connect timeout cancels without either token: the server never accepted, so
                // it is a connect failure like a refused connection (and retried like one).
                throw new HttpRequestException(
                    HttpRequestError.ConnectionError,
                    string.Create(CultureInfo.InvariantCulture, $"no connection to the model endpoint within {_settings.ConnectTimeout.TotalSeconds:0.###} s"),
                    e);
            }
            catch (HttpRequestException e) when (TransientFaults.AsTransient(e, inBody: false) is { } transient)
            {
                throw transient;
            }
        }

        // From here on the attempt timeout no longer applies; each read of the body gets the idle limit instead. A
        // stream goes up as it arrives (never retried once it did); a status that will be retried is not worth reading.
        if (streamed || IsRetriableStatus(response.StatusCode) || IsStreamMediaType(response.Content.Headers.ContentType?.MediaType))
        {
            response.Content = new IdleTimeoutContent(response.Content, _settings.BodyIdleTimeout);
            return response;
        }

        try
        {
            response.Content = await BufferAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && TransientFaults.AsTransient(e, inBody: true) is { } transient)
        {
            response.Dispose();
            throw transient;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static bool IsStreamMediaType(string? mediaType) =>
        string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase)
        || string.Equals(mediaType, "application/x-ndjson", StringComparison.OrdinalIgnoreCase);

    // The whole body, read inside the attempt so that a reset, an early end or a stall fails the attempt (and is
    // retried) instead of failing the SDK's read after the retry layer has returned.
    private async Task<HttpContent> BufferAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using (content)
        {
            var body = new MemoryStream(content.Headers.ContentLength is { } length and > 0 and < 64 * 1024 * 1024 ? (int)length : 0);
            var source = new IdleTimeoutStream(await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _settings.BodyIdleTimeout);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            }

            var buffered = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
            foreach (var header in content.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return buffered;
        }
    }
}
