using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary><c>rethink serve</c>: safe-default refusals, configuration errors naming file:line:field, and a real start/stop.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-serve-");

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<CliResult> ServeWithConfigAsync(string json, params string[] extra)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "serve.json"), json);
        return await new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(["serve", "--config", "serve.json", "--port", "0", .. extra]);
    }

    [Fact]
    public async Task A_non_loopback_host_without_a_key_is_refused_with_exit_2()
    {
        var result = await new CliRunner().RunAsync("serve", "--host", "0.0.0.0", "--port", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("rethink: error: refusing to listen on 0.0.0.0 without an API key", result.Stderr);
        Assert.Contains("RETHINK_SERVER_API_KEY", result.Stderr);
    }

    [Fact]
    public void The_default_lab_pipelines_use_the_strategy_settings_the_lab_models_were_trained_with()
    {
        // Served self-refine must see what training and `eval` on the lab suite see: the refine prompt with the last
        // attempt only. A full history outgrows the lab context by the third round.
        var selfRefine = Assert.Single(Rethink.Cli.Commands.ServeCommand.DefaultModels, m => m.Name == "lab+self-refine");
        Assert.Equal("last-only", selfRefine.Settings["history"]);
        Assert.All(
            Rethink.Cli.Commands.ServeCommand.DefaultModels.Where(m => m.Strategy is not null),
            m => Assert.Equal(Rethink.Cli.Commands.StrategyFactory.DefaultsFor(m.Strategy!, Rethink.Lab.Training.LabRecipes.StrategyDefaults), m.Settings));
    }

    [Fact]
    public void Every_shipped_lab_model_is_served_under_its_own_name()
    {
        // The shipped models (a model trained locally into models/ is not one of them).
        string[] shipped = ["critique", "critique-routes", "sft", "sft-routes"];
        var served = Rethink.Cli.Commands.ServeCommand.DefaultModels
            .Where(m => m.Strategy is null && m.Name.StartsWith("lab-", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(shipped.Select(n => "lab-" + n), served.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(served, m => Assert.Equal("lab:" + m.Name["lab-".Length..], m.Model));
        Assert.All(shipped, n => Assert.True(File.Exists(Rethink.Lab.Chat.LabModelLocator.Resolve(n)), n));
    }

    [Fact]
    public async Task A_server_key_shorter_than_16_characters_is_refused_with_exit_2_before_any_model_loads()
    {
        var runner = new CliRunner();
        runner.Environment["RETHINK_SERVER_API_KEY"] = "short-key-1234";

        // Were the key accepted, the server would run until cancelled; the deadline turns that into a failure.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await runner.RunAsync(["serve", "--port", "0"], deadline.Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("rethink: error: the server API key is too short: use at least 16 characters (a random key, e.g. from 'openssl rand -hex 16')\n", result.Stderr);
    }

    [Fact]
    public async Task A_malformed_allowed_host_is_refused_with_exit_2()
    {
        var result = await new CliRunner().RunAsync("serve", "--port", "0", "--allowed-host", "https://proxy.example/v1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("rethink: error: allowed host 'https://proxy.example/v1' is not a host name or IP address", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Serve_on_an_ipv4_mapped_host_answers_the_allowed_hosts_and_origins_and_refuses_others()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "serve.json"), """
            {"models": [{"name": "lab", "model": "lab:critique"}],
             "allowedHosts": ["rethink.test"],
             "allowedOrigins": ["http://localhost:5173"]}
            """);
        var stdout = new SignallingWriter("listening on ");
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var host = new CliHost { Out = stdout, Error = TextWriter.Synchronized(stderr), GetEnvironmentVariable = _ => null, WorkingDirectory = _dir.FullName };
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["serve", "--config", "serve.json", "--port", "0", "--host", "::ffff:127.0.0.1", "--allowed-host", "cli.test:8443"], host, stop.Token);
        var line = await stdout.Seen.WaitAsync(TimeSpan.FromSeconds(30));
        var url = line[(line.IndexOf("http", StringComparison.Ordinal))..].Trim();
        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/v1$", url);

        using var http = new HttpClient();
        foreach (var (hostHeader, status) in new[] { ("rethink.test", 200), ("cli.test:8443", 200), ("cli.test", 421), ("evil.example", 421), (new Uri(url).Authority, 200) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url + "/models");
            request.Headers.Host = hostHeader;
            using var response = await http.SendAsync(request);
            Assert.True(status == (int)response.StatusCode, $"{hostHeader}: {(int)response.StatusCode}");
        }

        using var preflight = new HttpRequestMessage(HttpMethod.Options, url + "/chat/completions");
        preflight.Headers.TryAddWithoutValidation("Origin", "http://localhost:5173");
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        using var preflighted = await http.SendAsync(preflight);
        Assert.Equal(204, (int)preflighted.StatusCode);
        Assert.Equal("http://localhost:5173", preflighted.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var plain = await http.PostAsync(url + "/chat/completions", new StringContent("""{"model":"lab","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(415, (int)plain.StatusCode);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("GET /v1/models 421 host_not_allowed", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("POST /v1/chat/completions 415 unsupported_media_type", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_on_the_command_line_is_refused_without_echoing_it()
    {
        var result = await new CliRunner().RunAsync("serve", "--api-key", "sk-do-not-echo-1234");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("sk-do-not-echo", result.All);
    }

    [Theory]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\"},\n  {\"name\": \"b\", \"model\": \"lab\",\n   \"strategy\": \"self-refinery\"}\n]}", "serve.json:4: field 'models[1].strategy': Unknown strategy 'self-refinery'")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\", \"strategy\": \"reask\",\n   \"settings\": {\"rounds\": 99}}\n]}", "serve.json:3: field 'models[0].settings':")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\",\n   \"model\": \"gpt:x\"}\n]}", "serve.json:3: field 'models[0].model': unknown model scheme 'gpt'")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\"},\n  {\"name\": \"a\", \"model\": \"lab\"}\n]}", "serve.json:3: field 'models[1].name': the name 'a' is used twice")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\", \"strategy\": \"verify-refine\"}\n]}", "serve.json:2: field 'models[0].strategy': verify-refine needs a feedback verifier")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\", \"strategy\": \"reask\",\n   \"allowOverrides\": [\"max-rounds\"]}\n]}", "serve.json:3: field 'models[0].allowOverrides': 'max_rounds' is not a setting of reask")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\",\n   \"strategy\": \"critic\"}\n]}", "serve.json:3: field 'models[0].strategy': critic needs code execution, and no code executor was given; it cannot be served\n")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\", \"modle\": 1}\n]}", "serve.json:2: field 'models[0].modle': unknown field")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\"}\n],\n\"limits\": {\"maxChoices\": 0}}", "serve.json:4: field 'limits.maxChoices': must be an integer of at least 1")]
    [InlineData("{\"models\": [\n  {\"name\": \"a\", \"model\": \"lab\"\n]}", "serve.json:3: invalid JSON")]
    [InlineData("{\"models\": []}", "serve.json:1: field 'models': \"models\" must be a non-empty array")]
    [InlineData("{\"models\": [{\"name\": \"a\", \"model\": \"lab\"}],\n\"allowedHosts\": [\"ok.example\",\n  \"http://x\"]}", "serve.json:3: field 'allowedHosts[1]': allowed host 'http://x' is not a host name or IP address with an optional :port")]
    [InlineData("{\"models\": [{\"name\": \"a\", \"model\": \"lab\"}],\n\"allowedOrigins\": [\"*\"]}", "serve.json:2: field 'allowedOrigins[0]': allowed origin '*' is not an origin like http://localhost:5173")]
    [InlineData("{\"models\": [{\"name\": \"a\", \"model\": \"lab\"}],\n\"allowedOrigins\": \"http://localhost:5173\"}", "serve.json:2: field 'allowedOrigins': must be an array of origins")]
    [InlineData("{\"models\": [{\"name\": \"a\", \"model\": \"lab\"}],\n\"limits\": {\"requestBodyTimeoutSeconds\": 0}}", "serve.json:2: field 'limits.requestBodyTimeoutSeconds': must be an integer of at least 1")]
    public async Task Bad_configuration_names_file_line_and_field(string json, string expected)
    {
        var result = await ServeWithConfigAsync(json);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: " + expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("environment")]
    public async Task Serve_prints_the_url_answers_with_a_configured_pipeline_and_stops_on_cancel(string keySource)
    {
        const string Key = "rk-file-key-0123456789abcdef";
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "serve.json"), """
            {"models": [
              {"name": "lab", "model": "lab:critique"},
              {"name": "lab+reask", "model": "lab:critique", "strategy": "reask", "settings": {"rounds": "1"}, "allowOverrides": ["rounds"]}
            ],
             "limits": {"maxOutputTokens": 64}}
            """);
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "key.txt"), Key + "\n");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["RETHINK_SERVER_API_KEY"] = keySource == "environment" ? Key : null };
        var stdout = new SignallingWriter("listening on ");
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var host = new CliHost
        {
            Out = stdout,
            Error = TextWriter.Synchronized(stderr),
            GetEnvironmentVariable = name => environment.GetValueOrDefault(name),
            WorkingDirectory = _dir.FullName,
        };
        using var stop = new CancellationTokenSource();
        string[] keyArgs = keySource == "file" ? ["--api-key-file", "key.txt"] : [];
        var run = CliApp.RunAsync(["serve", "--config", "serve.json", "--port", "0", .. keyArgs], host, stop.Token);
        var line = await stdout.Seen.WaitAsync(TimeSpan.FromSeconds(30));
        var url = line[(line.IndexOf("http", StringComparison.Ordinal))..].Trim();
        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/v1$", url);

        using var http = new HttpClient();
        using (var refused = await http.GetAsync(url + "/models"))
        {
            Assert.Equal(401, (int)refused.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
        using var models = await http.GetFromJsonAsync<JsonDocument>(url + "/models");
        Assert.Equal(["lab", "lab+reask"], models!.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        using var response = await http.PostAsync(url + "/chat/completions", JsonContent.Create(new
        {
            model = "lab+reask",
            messages = new[] { new { role = "user", content = "Compute 2+3." } },
            max_tokens = 16,
            rethink = new { summary = true, settings = new { rounds = 2 } },
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(3, doc.RootElement.GetProperty("rethink").GetProperty("calls").GetInt32());
        using var tooMany = await http.PostAsync(url + "/chat/completions", JsonContent.Create(new { model = "lab", messages = new[] { new { role = "user", content = "x" } }, max_tokens = 65 }));
        Assert.Equal(400, (int)tooMany.StatusCode);

        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        Assert.Contains("POST /v1/chat/completions 200 model=lab+reask", stderr.ToString());
        Assert.Contains("stopping", stderr.ToString());
        Assert.Contains("GET /v1/models 401", stderr.ToString());
        Assert.DoesNotContain(Key, stderr + stdout.Text);
        Assert.DoesNotContain(Key[..12], stderr + stdout.Text);
    }

    /// <summary>Completes <see cref="Seen"/> with the first line containing a marker, so a test can act while the command runs.</summary>
    private sealed class SignallingWriter(string marker) : StringWriter(CultureInfo.InvariantCulture)
    {
        private readonly TaskCompletionSource<string> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Seen => _seen.Task;

        public string Text
        {
            get
            {
                lock (this)
                {
                    return ToString();
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            if (value is not null && value.Contains(marker, StringComparison.Ordinal))
            {
                _seen.TrySetResult(value);
            }
        }
    }
}
