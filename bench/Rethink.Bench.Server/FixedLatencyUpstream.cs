using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rethink.Bench.Server;

/// <summary>
/// A fake OpenAI chat-completions endpoint on 127.0.0.1 that reads the request, waits a fixed delay and answers a fixed
/// completion: the stand-in for a real provider, so the server's own cost can be measured against calling it directly.
/// </summary>
public sealed class FixedLatencyUpstream : IAsyncDisposable
{
    private static readonly byte[] Answer = """{"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"up","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 42."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}"""u8.ToArray();
    private readonly WebApplication _app;

    private FixedLatencyUpstream(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<FixedLatencyUpstream> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            // Read the whole body, as a real provider would, before the fixed "generation" delay.
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            await Task.Delay(delay, http.RequestAborted);
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(Answer, http.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FixedLatencyUpstream(app, new Uri(address.TrimEnd('/') + "/v1"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
