using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rethink.Cli.Tests.Fakes;

/// <summary>
/// An OTLP/HTTP receiver on 127.0.0.1 (Kestrel, random port) that keeps the raw protobuf bodies posted to
/// <c>/v1/traces</c> and <c>/v1/metrics</c>. Protobuf stores strings as plain UTF-8, so tests search the bytes for
/// attribute names and for text that must not be there, without decoding.
/// </summary>
public sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _posts = new();

    private FakeOtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public string Traces => Text("/v1/traces");

    public string Metrics => Text("/v1/metrics");

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new FakeOtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            receiver._posts.Enqueue((http.Request.Path.Value!, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    // Latin-1 maps every byte to one char, so UTF-8 ASCII text is found as is and binary noise cannot break decoding.
    private string Text(string path) =>
        string.Concat(_posts.Where(p => p.Path == path).Select(p => System.Text.Encoding.Latin1.GetString(p.Body)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
