using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace Rethink.Cli.Models;

/// <summary>
/// The one retry layer of every network provider, sitting on the HttpClient right above the socket handler.
/// Retries only what cannot have produced an answer: connect failures and HTTP 408, 429, 500, 502, 503 and 504.
/// Waits what <c>Retry-After</c> (delta seconds or HTTP date) or <c>retry-after-ms</c> says, capped at
/// <see cref="ModelClientSettings.RetryAfterCap"/>, and otherwise backs off exponentially with jitter. Each attempt
/// gets <see cref="ModelClientSettings.AttemptTimeout"/> to produce the response headers; a timed-out attempt surfaces
/// as an <see cref="AttemptTimeoutException"/> and is not retried; after the headers, each read of the body gets the same
/// limit (<see cref="IdleTimeoutContent"/>). The handler returns once headers arrive, so a failure while the body is read
/// or streamed happens above it and is never retried. Cancellation ends waits and attempts at once.
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

    /// <summary>
    /// Whether an attempt's outcome is worth another try: a retriable status, or a connection that never opened.
    /// Not retried: other statuses (400, 401, 404, ...), attempt timeouts, name-resolution failures (usually a typo),
    /// a connection lost after the request went out (the server may have acted on it) and cancellation.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        { Exception: null, Result: { } response } => IsRetriableStatus(response.StatusCode),
        _ => false,
    };

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

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            static async (state, token) => await state.Handler.SendAttemptAsync(state.Request, token).ConfigureAwait(false),
            (Handler: this, Request: request),
            cancellationToken).AsTask();

    // Resending the same request message is safe here: the socket handler does not mark it sent, and the SDKs' bodies
    // (JSON byte content) serialize again on each attempt.
    private async Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_settings.AttemptTimeout);
        try
        {
            var response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);

            // From here on the attempt timeout no longer applies; the body gets the same limit per read instead.
            response.Content = new IdleTimeoutContent(response.Content, _settings.AttemptTimeout);
            return response;
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
    }
}
