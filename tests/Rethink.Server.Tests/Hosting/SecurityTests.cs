using System.Net;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.Hosting;

/// <summary>Safe defaults: loopback unless a key is set, 401 without the right key, and the key never leaves the server.</summary>
public sealed class SecurityTests
{
    private const string Key = "rk-canary-server-5d7e1f9a2b3c4d6e";

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.10")]
    public async Task A_non_loopback_bind_without_a_key_is_refused(string host)
    {
        var e = await Assert.ThrowsAsync<ServerConfigurationException>(
            () => RethinkServer.StartAsync([new ServedModel { Name = "m", Client = new ScriptedChatClient(_ => "ok") }], new ServerOptions { Host = host }));

        Assert.Contains("without an API key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_is_refused_and_bad_limits_are_named()
    {
        var models = new[] { new ServedModel { Name = "m", Client = new ScriptedChatClient(_ => "ok") } };
        var host = await Assert.ThrowsAsync<ServerConfigurationException>(() => RethinkServer.StartAsync(models, new ServerOptions { Host = "example.com" }));
        Assert.Contains("not an IP address", host.Message, StringComparison.Ordinal);
        var limit = await Assert.ThrowsAsync<ServerConfigurationException>(() => RethinkServer.StartAsync(models, new ServerOptions { MaxConcurrentRequests = 0 }));
        Assert.Contains("max concurrent requests", limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_shorter_than_16_characters_is_refused_and_16_are_enough()
    {
        var models = new[] { new ServedModel { Name = "m", Client = new ScriptedChatClient(_ => "ok") } };
        foreach (var key in new[] { string.Empty, "hunter2", "fifteen-chars-x", })
        {
            var e = await Assert.ThrowsAsync<ServerConfigurationException>(() => RethinkServer.StartAsync(models, new ServerOptions { ApiKey = key }));
            Assert.Equal("the server API key is too short: use at least 16 characters (a random key, e.g. from 'openssl rand -hex 16')", e.Message);
        }

        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"), options: new ServerOptions { ApiKey = "sixteen-chars-xx" });
        using var response = await server.PostAsync(TestServer.Chat("m", "hi"), "sixteen-chars-xx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_ipv4_mapped_loopback_host_is_served_on_its_ipv4_address()
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "fine"), options: new ServerOptions { Host = "::ffff:127.0.0.1" });
        var port = server.BaseUrl.Port;

        Assert.Equal($"http://127.0.0.1:{port}/v1", server.BaseUrl.AbsoluteUri);

        // Connecting to the mapped form reaches the IPv4 socket, and its Host header is the same host.
        using var http = new HttpClient { BaseAddress = new Uri($"http://[::ffff:127.0.0.1]:{port}/v1/") };
        using var response = await http.PostAsync("chat/completions", new StringContent(TestServer.Chat("m", "hi"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("fine", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_is_an_io_exception_naming_it()
    {
        // 192.0.2.0/24 is reserved for documentation: no machine has it.
        var e = await Assert.ThrowsAsync<IOException>(
            () => RethinkServer.StartAsync([new ServedModel { Name = "m", Client = new ScriptedChatClient(_ => "ok") }], new ServerOptions { Host = "192.0.2.1", ApiKey = Key }));

        Assert.StartsWith("Failed to bind to address http://192.0.2.1:0: ", e.Message, StringComparison.Ordinal);
        Assert.IsType<System.Net.Sockets.SocketException>(e.InnerException);
    }

    [Fact]
    public async Task Wildcard_bind_with_a_key_serves_and_checks_the_key()
    {
        await using var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "fine"), options: new ServerOptions { Host = "0.0.0.0", ApiKey = Key });

        // The wildcard address is reachable over loopback too.
        var port = server.BaseUrl.Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/") };
        using var missing = await http.PostAsync("chat/completions", new StringContent(TestServer.Chat("m", "hi"), Encoding.UTF8, "application/json"));
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(TestServer.Chat("m", "hi"), Encoding.UTF8, "application/json") };
        wrongRequest.Headers.Authorization = new("Bearer", Key + "x");
        using var wrong = await http.SendAsync(wrongRequest);
        using var models = await http.GetAsync("models");
        using var health = await http.GetAsync("/health");

        var e1 = await ErrorBody.ReadAsync(missing);
        var e2 = await ErrorBody.ReadAsync(wrong);
        Assert.Equal(401, e1.Status);
        Assert.Equal("invalid_api_key", e1.Code);
        Assert.Equal(401, e2.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var client = new ChatClient("m", new System.ClientModel.ApiKeyCredential(Key), new OpenAIClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1") });
        ChatCompletion ok = await client.CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("fine", ok.Content[0].Text);
        Assert.DoesNotContain(Key, e1.Raw + e2.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_from_the_environment_never_appears_in_logs_or_responses()
    {
        // As the CLI does: the key comes from the environment of this process, here set for the duration of the test.
        Environment.SetEnvironmentVariable("RETHINK_SERVER_API_KEY_TEST", Key);
        try
        {
            var key = Environment.GetEnvironmentVariable("RETHINK_SERVER_API_KEY_TEST")!;
            var scripted = new ScriptedChatClient()
                .WhenContains("echo", ScriptedReply.Throws(new HttpRequestException("upstream rejected Authorization: Bearer " + key)))
                .Otherwise(_ => "fine");
            await using var server = await TestServer.StartAsync(scripted, options: new ServerOptions { ApiKey = key });
            var bodies = new List<string>();
            foreach (var (auth, body) in new[] { (key, TestServer.Chat("m", "hi")), (key, TestServer.Chat("m", "echo")), (key + "0", TestServer.Chat("m", "hi")), (key, "{bad"), (key, TestServer.Chat("m", "hi", ",\"stream\":true")), (key, TestServer.Chat("m", "echo", ",\"stream\":true")) })
            {
                using var response = await server.PostAsync(body, auth);
                bodies.Add(response.ToString() + await response.Content.ReadAsStringAsync());
            }

            Assert.Contains(bodies, b => b.Contains("fine", StringComparison.Ordinal));
            Assert.All(bodies, b => Assert.DoesNotContain(key, b, StringComparison.Ordinal));
            Assert.All(bodies, b => Assert.DoesNotContain(key[..12], b, StringComparison.Ordinal));
            var log = server.Log;
            Assert.Contains("401", log, StringComparison.Ordinal);
            Assert.Contains("failed upstream_error", log, StringComparison.Ordinal);
            Assert.DoesNotContain(key, log, StringComparison.Ordinal);
            Assert.DoesNotContain(key[..12], log, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RETHINK_SERVER_API_KEY_TEST", null);
        }
    }

    [Fact]
    public async Task Health_and_ready_answer_unknown_paths_are_404_and_the_port_closes_after_stop()
    {
        var server = await TestServer.StartAsync(new ScriptedChatClient(_ => "ok"));
        using var health = await server.Http.GetAsync("/health");
        using var ready = await server.Http.GetAsync("/ready");
        using var unknown = await server.Http.GetAsync("nothing-here");
        Assert.Equal("{\"status\":\"ok\"}", await health.Content.ReadAsStringAsync());
        Assert.Equal("{\"status\":\"ready\",\"models\":1}", await ready.Content.ReadAsStringAsync());
        Assert.Equal(404, (await ErrorBody.ReadAsync(unknown)).Status);

        await server.Server.StopAsync();
        await server.DisposeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(server.BaseUrl));
    }
}
