using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.AI;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>
/// A real <see cref="RethinkServer"/> on 127.0.0.1 with a free port, its log captured in memory, and a raw HTTP client
/// for what the OpenAI SDK cannot send (bad JSON, oversized bodies, wrong keys).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly StringWriter _log;

    private TestServer(RethinkServer server, StringWriter log)
    {
        Server = server;
        _log = log;
        Http = new HttpClient { BaseAddress = new Uri(server.BaseUrl.AbsoluteUri.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public RethinkServer Server { get; }

    public HttpClient Http { get; }

    public Uri BaseUrl => Server.BaseUrl;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Task<TestServer> StartAsync(IChatClient client, string name = "m", ServerOptions? options = null) =>
        StartAsync([new ServedModel { Name = name, Client = client }], options);

    public static async Task<TestServer> StartAsync(IReadOnlyList<ServedModel> models, ServerOptions? options = null)
    {
        var log = new StringWriter(CultureInfo.InvariantCulture);
        var server = await RethinkServer.StartAsync(models, (options ?? new ServerOptions()) with { Log = TextWriter.Synchronized(log) });
        return new TestServer(server, log);
    }

    /// <summary>POSTs <paramref name="json"/> to <c>chat/completions</c> as is.</summary>
    public Task<HttpResponseMessage> PostAsync(string json, string? key = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static string Chat(string model, string user, string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{user}}"}]{{extra}}}""";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
