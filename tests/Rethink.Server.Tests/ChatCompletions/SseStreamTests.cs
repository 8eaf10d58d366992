using System.Text.RegularExpressions;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>The server-sent event stream byte for byte (id and created normalised), pinned by snapshots.</summary>
public sealed partial class SseStreamTests : IAsyncLifetime
{
    private readonly ScriptedChatClient _scripted = new(_ => ScriptedReply.Of("Paris is the capital.").WithUsage(9, 6)) { StreamChunkSize = 8 };
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_scripted, "scripted");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> StreamAsync(string extra)
    {
        using var response = await _server.PostAsync(TestServer.Chat("scripted", "Capital of France?", extra));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        var ids = IdPattern().Matches(body).Select(m => m.Value).Distinct().ToList();
        Assert.Single(ids);
        return CreatedPattern().Replace(IdPattern().Replace(body, "chatcmpl-ID"), "\"created\":0");
    }

    [Fact]
    public async Task Plain_stream_matches_the_snapshot()
    {
        var body = await StreamAsync(",\"stream\":true");
        Snapshot.Match("sse-plain.txt", body);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_with_usage_matches_the_snapshot()
    {
        var body = await StreamAsync(",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        Snapshot.Match("sse-include-usage.txt", body);
    }

    [GeneratedRegex("chatcmpl-[0-9a-f]{24}")]
    private static partial Regex IdPattern();

    [GeneratedRegex("\"created\":[0-9]+")]
    private static partial Regex CreatedPattern();
}
