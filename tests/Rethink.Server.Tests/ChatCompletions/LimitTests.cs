using System.Diagnostics;
using System.Text;
using Rethink.Core;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>Body size, parameter caps, the bounded queue, the request timeout and client disconnects.</summary>
public sealed class LimitTests
{
    private static readonly ServerOptions Small = new() { MaxRequestBodyBytes = 4096, MaxMessages = 3, MaxMessageChars = 100, MaxOutputTokens = 50, MaxChoices = 2 };

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: Small);
        using var response = await server.PostAsync(TestServer.Chat("m", new string('x', 5000)));

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(413, error.Status);
        Assert.Equal("request_too_large", error.Code);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413()
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: Small);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(TestServer.Chat("m", new string('x', 5000)))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Http.SendAsync(request);

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(413, error.Status);
    }

    [Theory]
    [InlineData(",\"max_tokens\":51", "max_tokens")]
    [InlineData(",\"max_completion_tokens\":51", "max_completion_tokens")]
    [InlineData(",\"max_tokens\":0", "max_tokens")]
    [InlineData(",\"n\":3", "n")]
    [InlineData(",\"n\":2,\"stream\":true", "n")]
    [InlineData(",\"temperature\":2.5", "temperature")]
    [InlineData(",\"temperature\":\"hot\"", "temperature")]
    [InlineData(",\"top_p\":-1", "top_p")]
    [InlineData(",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop")]
    [InlineData(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", "tools")]
    [InlineData(",\"response_format\":{\"type\":\"json_schema\"}", "response_format.type")]
    [InlineData(",\"stream_options\":{\"include_usage\":true}", "stream_options")]
    [InlineData(",\"rethink\":{\"bogus\":true}", "rethink.bogus")]
    [InlineData(",\"rethink\":{\"settings\":{\"max_rounds\":2}}", "rethink.settings")]
    public async Task Parameter_over_a_cap_or_of_the_wrong_type_is_400_naming_it(string extra, string param)
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: Small);
        using var response = await server.PostAsync(TestServer.Chat("m", "hi", extra));

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public async Task Too_many_messages_and_too_long_a_message_are_400_naming_the_field()
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: Small);
        var four = string.Join(",", Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", 4));
        using var many = await server.PostAsync($$"""{"model":"m","messages":[{{four}}]}""");
        Assert.Equal("messages", (await ErrorBody.ReadAsync(many)).Param);

        using var longOne = await server.PostAsync($$"""{"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"{{new string('y', 101)}}"}]}""");
        Assert.Equal("messages[1].content", (await ErrorBody.ReadAsync(longOne)).Param);

        using var badRole = await server.PostAsync("""{"model":"m","messages":[{"role":"tool","content":"x"}]}""");
        Assert.Equal("messages[0].role", (await ErrorBody.ReadAsync(badRole)).Param);

        using var ok = await server.PostAsync("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}],"n":2}""");
        Assert.Equal(200, (int)ok.StatusCode);
    }

    [Fact]
    public async Task Beyond_the_queue_requests_get_429_with_retry_after_and_are_served_again_after()
    {
        var upstream = new SlowUpstream();
        await using var server = await TestServer.StartAsync(upstream, options: new ServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 1, RetryAfterSeconds = 2 });
        using var cts = new CancellationTokenSource();

        // One runs (and hangs upstream), one waits in the queue; the third finds the queue full.
        var running = server.PostAsync(TestServer.Chat("m", "one"), cancellationToken: cts.Token);
        await WaitUntilAsync(() => upstream.Calls == 1);
        var queued = server.PostAsync(TestServer.Chat("m", "two"), cancellationToken: cts.Token);
        await WaitUntilAsync(() => server.Server.QueuedRequests == 1);
        using var rejected = await server.PostAsync(TestServer.Chat("m", "three"));

        var error = await ErrorBody.ReadAsync(rejected);
        Assert.Equal(429, error.Status);
        Assert.Equal("rate_limit_error", error.Type);
        Assert.Equal(TimeSpan.FromSeconds(2), rejected.Headers.RetryAfter!.Delta);
        Assert.Equal(1, upstream.Calls);

        // Dropping both clients frees the slot and the queue: both upstream calls are cancelled, and the next is admitted.
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await WaitUntilAsync(() => upstream.Cancelled >= 1);
        using var fourth = new CancellationTokenSource();
        var admitted = server.PostAsync(TestServer.Chat("m", "four"), cancellationToken: fourth.Token);
        await WaitUntilAsync(() => upstream.Calls >= 2);
        await fourth.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => admitted);
        Assert.Contains(" 429 model=m ", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disconnect_mid_stream_cancels_the_upstream_call_within_a_second()
    {
        var upstream = new SlowUpstream();
        await using var server = await TestServer.StartAsync(upstream);

        // No draining on dispose: HttpClient would otherwise keep reading for up to 2 s to reuse the connection, and
        // a client that goes away closes its connection.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = new StringContent(TestServer.Chat("m", "hi", ",\"stream\":true"), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var reader = new StreamReader(stream);
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("partial", StringComparison.Ordinal))
        {
            seen.AppendLine(await reader.ReadLineAsync());
        }

        Assert.Equal(1, upstream.Calls);
        Assert.Equal(0, upstream.Cancelled);
        var dropped = Stopwatch.GetTimestamp();
        response.Dispose();
        await WaitUntilAsync(() => upstream.Cancelled == 1, TimeSpan.FromSeconds(5));

        var delay = Stopwatch.GetElapsedTime(dropped, upstream.LastCancelTimestamp);
        Assert.True(delay < TimeSpan.FromSeconds(1), $"upstream cancelled {delay.TotalMilliseconds:F0} ms after the disconnect");
        await WaitUntilAsync(() => server.Log.Contains("client disconnected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disconnect_before_a_non_streamed_answer_cancels_the_upstream_call_within_a_second()
    {
        var upstream = new SlowUpstream();
        await using var server = await TestServer.StartAsync(upstream);
        using var cts = new CancellationTokenSource();

        var pending = server.PostAsync(TestServer.Chat("m", "hi"), cancellationToken: cts.Token);
        await WaitUntilAsync(() => upstream.Calls == 1);
        var dropped = Stopwatch.GetTimestamp();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await WaitUntilAsync(() => upstream.Cancelled == 1, TimeSpan.FromSeconds(5));

        var delay = Stopwatch.GetElapsedTime(dropped, upstream.LastCancelTimestamp);
        Assert.True(delay < TimeSpan.FromSeconds(1), $"upstream cancelled {delay.TotalMilliseconds:F0} ms after the disconnect");
    }

    [Fact]
    public async Task A_disconnect_during_a_strategy_cancels_its_upstream_call_and_is_logged_as_a_disconnect()
    {
        var upstream = new SlowUpstream();
        await using var server = await TestServer.StartAsync([StrategyModels.Create("m+reask", upstream, "reask")]);
        using var cts = new CancellationTokenSource();

        var pending = server.PostAsync(TestServer.Chat("m+reask", "hi"), cancellationToken: cts.Token);
        await WaitUntilAsync(() => upstream.Calls == 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        await WaitUntilAsync(() => upstream.Cancelled == 1, TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => server.Log.Contains("model=m+reask", StringComparison.Ordinal));
        Assert.Contains("client disconnected", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("timeout", server.Log, StringComparison.Ordinal);
        Assert.Equal(1, upstream.Calls);
    }

    [Fact]
    public async Task The_request_timeout_cancels_upstream_work_and_answers_504()
    {
        var upstream = new SlowUpstream();
        await using var server = await TestServer.StartAsync(upstream, options: new ServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        using var response = await server.PostAsync(TestServer.Chat("m", "hi"));
        var error = await ErrorBody.ReadAsync(response);

        Assert.Equal(504, error.Status);
        Assert.Equal("timeout", error.Code);
        Assert.Equal(1, upstream.Cancelled);
    }

    [Fact]
    public async Task The_request_timeout_stops_a_strategy_with_504()
    {
        var upstream = new SlowUpstream();
        await using var server = await TestServer.StartAsync(
            [StrategyModels.Create("m+reask", upstream, "reask")],
            new ServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        using var response = await server.PostAsync(TestServer.Chat("m+reask", "hi"));
        var error = await ErrorBody.ReadAsync(response);

        Assert.Equal(504, error.Status);
        Assert.Equal("timeout", error.Code);
        Assert.Equal(1, upstream.Cancelled);
    }

    [Fact]
    public async Task A_conversation_longer_than_the_model_context_is_400_context_length_exceeded_as_openai_says_it()
    {
        var client = new ScriptedChatClient()
            .WhenContains("long", ScriptedReply.Throws(new ContextLengthExceededException("The prompt is 1030 tokens but model 'lab:/home/me/m.gguf' has a context of 1024.", 1030, 1024)))
            .Otherwise(_ => "fine");
        await using var server = await TestServer.StartAsync(client);

        using var response = await server.PostAsync(TestServer.Chat("m", "long"));
        var error = await ErrorBody.ReadAsync(response);
        using var streamed = await server.PostAsync(TestServer.Chat("m", "long", ",\"stream\":true"));
        using var after = await server.PostAsync(TestServer.Chat("m", "short"));

        Assert.Equal(400, error.Status);
        Assert.Equal("context_length_exceeded", error.Code);
        Assert.Contains("1030 tokens", error.Raw, StringComparison.Ordinal);
        Assert.Contains("1024 tokens", error.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/home", error.Raw, StringComparison.Ordinal);
        Assert.Contains("context_length_exceeded", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task Upstream_failures_are_502_or_500_without_their_text()
    {
        const string Secret = "upstream said: key sk-upstream-123 at /home/me/secret/path.cs:line 42";
        var client = new ScriptedChatClient()
            .WhenContains("http", ScriptedReply.Throws(new HttpRequestException(Secret)))
            .WhenContains("bug", ScriptedReply.Throws(new InvalidOperationException(Secret)));
        await using var server = await TestServer.StartAsync(client, options: new ServerOptions { Secrets = ["sk-upstream-123"] });

        using var upstream = await server.PostAsync(TestServer.Chat("m", "http"));
        var e502 = await ErrorBody.ReadAsync(upstream);
        using var bug = await server.PostAsync(TestServer.Chat("m", "bug"));
        var e500 = await ErrorBody.ReadAsync(bug);
        using var streamed = await server.PostAsync(TestServer.Chat("m", "http", ",\"stream\":true"));
        var streamBody = await streamed.Content.ReadAsStringAsync();

        Assert.Equal(502, e502.Status);
        Assert.Equal("upstream_error", e502.Code);
        Assert.Equal(500, e500.Status);
        Assert.Contains("\"code\":\"upstream_error\"", streamBody, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", streamBody, StringComparison.Ordinal);
        foreach (var text in new[] { e502.Raw, e500.Raw, streamBody })
        {
            Assert.DoesNotContain("sk-upstream", text, StringComparison.Ordinal);
            Assert.DoesNotContain("/home", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("sk-upstream-123", server.Log, StringComparison.Ordinal);
        Assert.Contains("failed upstream_error", server.Log, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(deadline) > (limit ?? TimeSpan.FromSeconds(10)))
            {
                Assert.Fail("condition not reached in time");
            }

            await Task.Delay(10);
        }
    }
}
