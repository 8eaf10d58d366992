using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Rethink.Providers;
using Rethink.Testing.Http;

namespace Rethink.Providers.Tests;

/// <summary>
/// Failures after the request went out: which are transient (retried within the one retry layer and its cap) and
/// which are not, through the real OpenAI provider, the scripted server and the fault-injecting proxy.
/// </summary>
public sealed class TransientFaultTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 6 times 7?")];
    private static readonly ModelClientSettings Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(1), RetryAfterCap = TimeSpan.FromMilliseconds(50), IdleTimeout = TimeSpan.FromSeconds(0.5) };

    private static IChatClient OpenAI(Uri baseUrl, ModelClientSettings settings) =>
        new OpenAIModelProvider().Create(new ModelSpec("openai", "test-model", baseUrl), settings);

    public static TheoryData<string, bool, string> Shapes => new()
    {
        // What SocketsHttpHandler raises for a reset (RST) and a close (FIN) once the request was sent.
        { "reset before headers", false, nameof(TransientFault.ResetAfterSending) },
        { "closed before headers", false, nameof(TransientFault.ClosedAfterSending) },
        { "reset in body", true, nameof(TransientFault.BodyReset) },
        { "ended in body", true, nameof(TransientFault.BodyEnded) },
        { "idle in body", true, nameof(TransientFault.BodyStalled) },
        { "attempt timeout", false, "none" },
        { "cancelled", false, "none" },
        { "cancelled in body", true, "none" },
        { "refused", false, "none" },
        { "name resolution", false, "none" },
        { "tls", false, "none" },
        { "invalid response", false, "none" },
        { "unrelated", true, "none" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Classify_names_the_transient_faults_and_nothing_else(string shape, bool inBody, string expected)
    {
        Exception exception = shape switch
        {
            "reset before headers" => new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.", new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset))),
            "closed before headers" => new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.", new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.")),
            "reset in body" => new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset)),
            "ended in body" => new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
            "idle in body" => new AttemptTimeoutException("the model endpoint sent no data for 1 s in the middle of a response", null),
            "attempt timeout" => new AttemptTimeoutException("the model endpoint sent no response within 1 s", null),
            "cancelled" => new TaskCanceledException(),
            "cancelled in body" => new OperationCanceledException(),
            "refused" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
            "name resolution" => new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known", new SocketException((int)SocketError.HostNotFound)),
            "tls" => new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"),
            "invalid response" => new HttpRequestException(HttpRequestError.InvalidResponse, "Received an invalid status line"),
            _ => new InvalidOperationException("not a network failure"),
        };

        Assert.Equal(expected, TransientFaults.Classify(exception, inBody)?.ToString() ?? "none");
    }

    [Theory]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.InternalServerError)]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.Reset)]
    [InlineData(FaultKind.Stall)]
    [InlineData(FaultKind.Truncate)]
    public async Task Each_fault_on_the_first_attempt_is_retried_under_the_same_idempotency_key(FaultKind fault)
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        await using var proxy = FaultProxy.Start(server.BaseUrl, new FaultPlan { Script = (_, attempt) => attempt == 1 ? fault : null });

        var response = await OpenAI(proxy.BaseUrl, Fast).GetResponseAsync(Question);

        Assert.Equal("#### 42", response.Text);
        var log = proxy.Log;
        Assert.Equal([1, 2], log.Select(r => r.Attempt));
        Assert.All(log, r => Assert.True(r.HasIdempotencyKey));
        Assert.Single(log.Select(r => r.CallKey).Distinct());
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData(FaultKind.Reset, "reset the connection (reset by peer) after the request was sent")]
    [InlineData(FaultKind.Truncate, "response body ended early")]
    [InlineData(FaultKind.Stall, "sent no data for 0.5 s in the middle of a response (set RETHINK_IDLE_TIMEOUT")]
    public async Task A_fault_on_every_attempt_fails_after_exactly_retries_plus_one_requests_saying_what_happened(FaultKind fault, string message)
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "unused");
        await using var proxy = FaultProxy.Start(server.BaseUrl, new FaultPlan { Script = (_, _) => fault });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => OpenAI(proxy.BaseUrl, Fast with { MaxRetries = 2 }).GetResponseAsync(Question));

        Assert.Equal(3, proxy.Log.Count);
        var line = EndpointFailures.Describe(e);
        Assert.NotNull(line);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot reach", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_off_body_is_retried_when_not_streamed_but_a_stream_that_delivered_tokens_is_not()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        var firstChunkRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Failure = r => r.Number == 1 ? FakeFailure.PartialBody : r.Number == 3 ? FakeFailure.PartialBody with { AbortWhen = firstChunkRead.Task } : null;
        var client = OpenAI(server.BaseUrl, Fast);

        var whole = await client.GetResponseAsync(Question);
        var received = new List<string>();
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                received.Add(update.Text);
                firstChunkRead.TrySetResult();
            }
        });

        // Requests 1 (cut) and 2 (answered) for the whole response; request 3 for the stream, cut after "partial".
        Assert.Equal("#### 42", whole.Text);
        Assert.Equal("partial", string.Concat(received));
        Assert.IsNotAssignableFrom<OperationCanceledException>(e);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Every_attempt_of_a_call_sends_one_idempotency_key_and_each_call_its_own()
    {
        await using var server = await FakeOpenAIServer.StartAsync(_ => "#### 42");
        server.Failure = r => r.Number <= 2 ? FakeFailure.WithStatus(503) : null;
        var client = OpenAI(server.BaseUrl, Fast);

        await client.GetResponseAsync(Question);
        await client.GetResponseAsync(Question);
        await client.GetStreamingResponseAsync(Question).ToChatResponseAsync();

        var keys = server.Requests.OrderBy(r => r.Number).Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(5, keys.Count);
        Assert.All(keys, k => Assert.False(string.IsNullOrWhiteSpace(k)));
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(keys[0], keys[2]);
        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_stream_request_is_recognised_by_its_body()
    {
        Assert.True(RetryingHttpHandler.AsksForStream("""{"model":"m","messages":[{"role":"user","content":"\"stream\": true"}],"stream":true}"""u8));
        Assert.True(RetryingHttpHandler.AsksForStream("""{"stream": true, "model": "m"}"""u8));
        Assert.False(RetryingHttpHandler.AsksForStream("""{"model":"m","messages":[{"role":"user","content":"x","stream":true}]}"""u8));
        Assert.False(RetryingHttpHandler.AsksForStream("""{"model":"m","stream":false}"""u8));
        Assert.False(RetryingHttpHandler.AsksForStream("""{"model":"m"}"""u8));
        Assert.False(RetryingHttpHandler.AsksForStream("not json"u8));
        Assert.False(RetryingHttpHandler.AsksForStream(""u8));
    }
}
