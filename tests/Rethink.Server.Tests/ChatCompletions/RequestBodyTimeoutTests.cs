using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>
/// A client that sends its body too slowly (a stalled upload, a slowloris) is answered 408 in the error envelope and its
/// connection closed; it never reaches the model and never reads as an upstream failure.
/// </summary>
public sealed class RequestBodyTimeoutTests
{
    [Fact]
    public async Task A_body_slower_than_the_request_body_timeout_is_408_and_the_connection_closes()
    {
        var upstream = new ScriptedChatClient(_ => "ok");
        await using var server = await TestServer.StartAsync(upstream, options: new ServerOptions { RequestBodyTimeout = TimeSpan.FromSeconds(1) });

        var response = await SlowBodyClient.PostAsync(server.BaseUrl.Port, TestServer.Chat("m", "hi"), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

        AssertTimedOut(response);

        // Kestrel's own minimum rate (240 bytes/s after a 5 s grace) would take longer: this is the configured timeout.
        Assert.InRange(response.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.Equal(0, upstream.CallCount);
        Assert.Contains("POST /v1/chat/completions 408 model=- ", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_below_the_minimum_data_rate_is_408_not_an_upstream_error()
    {
        var upstream = new ScriptedChatClient(_ => "ok");
        var options = new ServerOptions { MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(1.1)) };
        await using var server = await TestServer.StartAsync(upstream, options: options);

        var response = await SlowBodyClient.PostAsync(server.BaseUrl.Port, TestServer.Chat("m", "hi"), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

        AssertTimedOut(response);
        Assert.InRange(response.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        Assert.Equal(0, upstream.CallCount);
        Assert.DoesNotContain("upstream_error", server.Log, StringComparison.Ordinal);
    }

    private static void AssertTimedOut(SlowBodyResponse response)
    {
        Assert.True(response.Status == 408, response.Text);
        Assert.True(response.BytesSent < response.BodyLength, $"the whole body ({response.BodyLength} bytes) went out before the answer");
        Assert.Contains("Connection: close", response.Headers, StringComparison.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(response.Body);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("request_timeout", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
