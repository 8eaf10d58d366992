using System.ClientModel;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using Polly;
using Rethink.Providers;
using Rethink.Testing.Http;

namespace Rethink.Providers.Tests;

/// <summary>
/// The one retry layer, through the real provider clients (OpenAI SDK, OllamaSharp) against the scripted server on
/// 127.0.0.1. Request counts prove there is exactly one layer: the SDK's own policy would multiply them.
/// </summary>
public sealed class RetryingHttpHandlerTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 6 times 7?")];

    // Backoff short enough that counting tests do not wait; Retry-After tests set their own.
    private static readonly ModelClientSettings Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(1) };

    private static IChatClient OpenAI(FakeOpenAIServer server, ModelClientSettings settings) =>
        new OpenAIModelProvider().Create(new ModelSpec("openai", "test-model", server.BaseUrl), settings);

    [Fact]
    public async Task A_503_then_success_is_retried_once()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number == 1 ? FakeFailure.WithStatus(503) : null;

        var response = await OpenAI(server, Fast).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [InlineData(503, 3, 4)]
    [InlineData(500, 1, 2)]
    [InlineData(502, 0, 1)]
    [InlineData(504, 2, 3)]
    [InlineData(408, 1, 2)]
    public async Task A_server_that_always_fails_gets_exactly_retries_plus_one_requests(int status, int retries, int expected)
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        server.Failure = _ => FakeFailure.WithStatus(status);

        var e = await Assert.ThrowsAsync<ClientResultException>(() => OpenAI(server, Fast with { MaxRetries = retries }).GetResponseAsync(Question));

        Assert.Equal(status, e.Status);

        // The SDK's default policy (3 retries) stacked on ours would make (3 + 1) * (retries + 1) requests.
        Assert.Equal(expected, server.RequestCount);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    [InlineData(501)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        server.Failure = _ => FakeFailure.WithStatus(status);

        var e = await Assert.ThrowsAsync<ClientResultException>(() => OpenAI(server, Fast).GetResponseAsync(Question));

        Assert.Equal(status, e.Status);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Retry_after_seconds_is_waited_instead_of_the_backoff()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number == 1 ? FakeFailure.WithStatus(429, retryAfter: "1") : null;

        // A 20 s backoff: if the header were ignored this test would take 20 s and fail the upper bound.
        var response = await OpenAI(server, Fast with { BaseDelay = TimeSpan.FromSeconds(20) }).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        var waited = server.ArrivalTimes[1] - server.ArrivalTimes[0];
        Assert.InRange(waited.TotalSeconds, 0.95, 5.0);
    }

    [Fact]
    public async Task A_huge_retry_after_is_capped()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number == 1 ? FakeFailure.WithStatus(503, retryAfter: "3600") : null;

        var response = await OpenAI(server, Fast with { RetryAfterCap = TimeSpan.FromSeconds(1) }).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        var waited = server.ArrivalTimes[1] - server.ArrivalTimes[0];
        Assert.InRange(waited.TotalSeconds, 0.95, 5.0);
    }

    [Fact]
    public async Task A_zero_cap_retries_at_once_whatever_the_header_or_backoff_says()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number <= 2 ? FakeFailure.WithStatus(503, retryAfter: r.Number == 1 ? "30" : null) : null;
        var clock = Stopwatch.StartNew();

        var response = await OpenAI(server, new ModelClientSettings { BaseDelay = TimeSpan.FromSeconds(20), RetryAfterCap = TimeSpan.Zero })
            .GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        Assert.Equal(3, server.RequestCount);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
    }

    [Fact]
    public async Task Retry_after_is_read_as_seconds_as_an_http_date_and_as_milliseconds_and_capped()
    {
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var cap = TimeSpan.FromSeconds(60);
        using var seconds = Respond(r => r.Headers.Add("Retry-After", "7"));
        using var date = Respond(r => r.Headers.Add("Retry-After", "Mon, 23 Nov 2026 08:00:12 GMT"));
        using var pastDate = Respond(r => r.Headers.Add("Retry-After", "Mon, 23 Nov 2026 07:59:00 GMT"));
        using var farDate = Respond(r => r.Headers.Add("Retry-After", "Tue, 24 Nov 2026 08:00:00 GMT"));
        using var millis = Respond(r => r.Headers.Add("retry-after-ms", "250"));
        using var huge = Respond(r => r.Headers.Add("Retry-After", "3600"));
        using var none = Respond(_ => { });

        Assert.Equal(TimeSpan.FromSeconds(7), RetryingHttpHandler.RetryAfter(seconds, now, cap));
        Assert.Equal(TimeSpan.FromSeconds(12), RetryingHttpHandler.RetryAfter(date, now, cap));
        Assert.Equal(TimeSpan.Zero, RetryingHttpHandler.RetryAfter(pastDate, now, cap));
        Assert.Equal(cap, RetryingHttpHandler.RetryAfter(farDate, now, cap));
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryingHttpHandler.RetryAfter(millis, now, cap));
        Assert.Equal(cap, RetryingHttpHandler.RetryAfter(huge, now, cap));
        Assert.Null(RetryingHttpHandler.RetryAfter(none, now, cap));
        Assert.Null(RetryingHttpHandler.RetryAfter(null, now, cap));
    }

    [Fact]
    public void Only_connect_failures_lost_responses_and_transient_statuses_are_retried()
    {
        Assert.True(RetryingHttpHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused"))));
        Assert.True(RetryingHttpHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TransientResponseException(TransientFault.ResetAfterSending, "reset", null))));
        Assert.False(RetryingHttpHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.NameResolutionError, "typo"))));
        Assert.False(RetryingHttpHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutException())));
        Assert.False(RetryingHttpHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
        foreach (var status in Enum.GetValues<HttpStatusCode>().Select(s => (int)s).Distinct())
        {
            using var response = new HttpResponseMessage((HttpStatusCode)status);
            var expected = status is 408 or 429 or 500 or 502 or 503 or 504;
            Assert.True(expected == RetryingHttpHandler.ShouldRetry(Outcome.FromResult(response)), $"HTTP {status}");
        }
    }

    [Fact]
    public async Task A_non_streamed_body_cut_off_midway_is_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number == 1 ? FakeFailure.PartialBody : null;

        var response = await OpenAI(server, Fast).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task A_failure_mid_stream_is_not_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        var firstChunkRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Failure = _ => FakeFailure.PartialBody with { AbortWhen = firstChunkRead.Task };
        var received = new List<string>();

        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in OpenAI(server, Fast).GetStreamingResponseAsync(Question))
            {
                received.Add(update.Text);
                firstChunkRead.TrySetResult();
            }
        });

        Assert.IsNotAssignableFrom<OperationCanceledException>(e);
        Assert.Equal("partial", string.Concat(received));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_stream_after_a_503_is_retried_before_it_starts()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "streamed #### 42");
        server.Failure = r => r.Number == 1 ? FakeFailure.WithStatus(503) : null;

        var response = await OpenAI(server, Fast).GetStreamingResponseAsync(Question).ToChatResponseAsync();

        Assert.Equal("streamed #### 42", response.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task The_attempt_timeout_is_honoured_and_not_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "too late");
        server.BeforeAnswer = (_, aborted) => Task.Delay(TimeSpan.FromSeconds(30), aborted);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<AttemptTimeoutException>(
            () => OpenAI(server, Fast with { AttemptTimeout = TimeSpan.FromSeconds(1) }).GetResponseAsync(Question));

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.99, 10);
        Assert.Contains("RETHINK_REQUEST_TIMEOUT", e.Message);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_stream_that_stalls_after_the_first_chunk_times_out_and_is_not_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        server.Failure = _ => FakeFailure.PartialBody with { AbortWhen = Task.Delay(TimeSpan.FromSeconds(30)) };
        var received = new List<string>();
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<AttemptTimeoutException>(async () =>
        {
            await foreach (var update in OpenAI(server, Fast with { AttemptTimeout = TimeSpan.FromSeconds(1) }).GetStreamingResponseAsync(Question))
            {
                received.Add(update.Text);
            }
        });

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.99, 10);
        Assert.Contains("sent no data for 1 s in the middle of a response", e.Message);
        Assert.Equal("partial", string.Concat(received));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_non_streamed_body_that_stalls_is_retried_after_the_idle_timeout()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number == 1 ? FakeFailure.PartialBody with { AbortWhen = Task.Delay(TimeSpan.FromSeconds(30)) } : null;
        var clock = Stopwatch.StartNew();

        var response = await OpenAI(server, Fast with { IdleTimeout = TimeSpan.FromSeconds(0.5) }).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        Assert.Equal(2, server.RequestCount);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.49, 20);
    }

    [Fact]
    public async Task A_body_that_always_stalls_fails_after_the_retries_naming_the_idle_variable()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        server.Failure = _ => FakeFailure.PartialBody with { AbortWhen = Task.Delay(TimeSpan.FromSeconds(30)) };

        // The SDK may wrap the failure; what matters is that it is the idle timeout, after every attempt.
        var e = await Assert.ThrowsAnyAsync<Exception>(
            () => OpenAI(server, Fast with { MaxRetries = 1, IdleTimeout = TimeSpan.FromSeconds(0.5) }).GetResponseAsync(Question));

        Assert.Contains(Chain(e), x => x is AttemptTimeoutException);
        Assert.Contains(Chain(e), x => x is TransientResponseException { Fault: TransientFault.BodyStalled } t && t.Message.Contains("RETHINK_IDLE_TIMEOUT", StringComparison.Ordinal));
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task A_slow_but_steady_stream_is_not_cut_off_by_the_idle_timeout()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "one two three four five #### 42");

        // Seven chunks 400 ms apart: 2.8 s in all, never more than 0.4 s of silence, against a 1 s limit.
        server.StreamChunkDelay = TimeSpan.FromMilliseconds(400);
        var clock = Stopwatch.StartNew();

        var response = await OpenAI(server, Fast with { AttemptTimeout = TimeSpan.FromSeconds(1) }).GetStreamingResponseAsync(Question).ToChatResponseAsync();

        Assert.Equal("one two three four five #### 42", response.Text);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(2.7), $"took {clock.Elapsed}");
        Assert.Equal(1, server.RequestCount);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_between_retries_at_once()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        using var cancellation = new CancellationTokenSource();

        // Cancelled once the first 503 is on its way, so the cancellation lands in the 30 s wait.
        server.Failure = _ =>
        {
            cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
            return FakeFailure.WithStatus(503, retryAfter: "30");
        };
        var clock = Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        using var registration = cancellation.Token.Register(() => cancelledAt = clock.Elapsed);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OpenAI(server, Fast).GetResponseAsync(Question, cancellationToken: cancellation.Token));

        // Measured from the cancellation, not from the start: on a loaded machine the request itself can take seconds
        // to reach the server, and that is not what this test is about. The server would answer only after 30 s.
        Assert.True(cancelledAt > TimeSpan.Zero);
        Assert.InRange((clock.Elapsed - cancelledAt).TotalSeconds, 0, 5);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Cancellation_stops_an_attempt_in_flight()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        using var cancellation = new CancellationTokenSource();
        server.BeforeAnswer = (_, aborted) =>
        {
            cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
            return Task.Delay(TimeSpan.FromSeconds(30), aborted);
        };
        var clock = Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        using var registration = cancellation.Token.Register(() => cancelledAt = clock.Elapsed);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OpenAI(server, Fast).GetResponseAsync(Question, cancellationToken: cancellation.Token));

        // Measured from the cancellation, not from the start: on a loaded machine the request itself can take seconds
        // to reach the server, and that is not what this test is about. The server would answer only after 30 s.
        Assert.True(cancelledAt > TimeSpan.Zero);
        Assert.InRange((clock.Elapsed - cancelledAt).TotalSeconds, 0, 5);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_until_the_server_is_up()
    {
        var port = ClosedPort.Get();
        var client = new OpenAIModelProvider().Create(
            new ModelSpec("openai", "test-model", new Uri($"http://127.0.0.1:{port}/v1")),
            new ModelClientSettings { MaxRetries = 8, BaseDelay = TimeSpan.FromMilliseconds(200), RetryAfterCap = TimeSpan.FromSeconds(1) });

        var call = client.GetResponseAsync(Question);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(call.IsCompleted);
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42", port);
        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("#### 42", response.Text);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_refused_connection_fails_after_the_retries_with_a_connect_error()
    {
        var port = ClosedPort.Get();
        var client = new OpenAIModelProvider().Create(new ModelSpec("openai", "m", new Uri($"http://127.0.0.1:{port}/v1")), Fast with { MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(Question));

        Assert.Equal(0, e.Status);
        Assert.Equal(HttpRequestError.ConnectionError, Assert.IsType<HttpRequestException>(e.InnerException).HttpRequestError);
    }

    [Fact]
    public async Task Ollama_goes_through_the_same_retry_layer()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number <= 2 ? FakeFailure.WithStatus(503) : null;
        var spec = new ModelSpec("ollama", "llama3.1:8b", new Uri(server.BaseUrl.GetLeftPart(UriPartial.Authority)));

        var response = await new OllamaModelProvider().Create(spec, Fast).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Ollama_client_errors_are_not_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        server.Failure = _ => FakeFailure.WithStatus(400);
        var spec = new ModelSpec("ollama", "m", new Uri(server.BaseUrl.GetLeftPart(UriPartial.Authority)));

        await Assert.ThrowsAnyAsync<Exception>(() => new OllamaModelProvider().Create(spec, Fast).GetResponseAsync(Question));

        Assert.Equal(1, server.RequestCount);
    }

    private static HttpResponseMessage Respond(Action<HttpResponseMessage> configure)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        configure(response);
        return response;
    }
}
