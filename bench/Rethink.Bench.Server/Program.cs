using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Microsoft.Extensions.AI;
using OpenAI;
using Rethink.Lab.Chat;
using Rethink.Server;

namespace Rethink.Bench.Server;

/// <summary>
/// Loopback load test of RethinkServer. Targets: <c>direct</c> (the fixed-latency fake upstream called directly),
/// <c>pass-through</c> (RethinkServer forwarding to that upstream through the OpenAI provider) and <c>lab</c> (the shipped
/// lab model in-process). Usage: <c>rethink-bench-server [--seconds S] [--warmup S] [--delay-ms D] [--clients 1,8,64]
/// [--lab-seconds S] [--lab-tokens N] [--lab-max-batch 1,8] [--no-lab]</c>. Prints a Markdown table and the pass-through overhead at p50.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        double Arg(string name, double fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var seconds = Arg("--seconds", 3);
        var warmup = TimeSpan.FromSeconds(Arg("--warmup", 1));
        var delay = TimeSpan.FromMilliseconds(Arg("--delay-ms", 5));
        var labSeconds = Arg("--lab-seconds", 4);
        var labTokens = (int)Arg("--lab-tokens", 16);
        var clientLevels = Array.IndexOf(args, "--clients") is var c and >= 0
            ? args[c + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1, 8, 64];
        var noLab = args.Contains("--no-lab");
        var labBatches = Array.IndexOf(args, "--lab-max-batch") is var b and >= 0
            ? args[b + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1, 8];

        await using var upstream = await FixedLatencyUpstream.StartAsync(delay);
        var provider = new OpenAIClient(new ApiKeyCredential("bench"), new OpenAIClientOptions { Endpoint = upstream.BaseUrl, RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient("up").AsIChatClient();
        var modelsDir = Path.Combine(FindRoot(), "models");
        // One client per max batch, all over the same file: the same model served one generation at a time and batched.
        var labs = noLab ? [] : labBatches.Select(n => (Batch: n, Client: LabModel.Load(Path.Combine(modelsDir, "lab-critique.gguf"), new LocalChatClientOptions { ModelId = "lab:critique", MaxConcurrency = n }))).ToList();
        List<ServedModel> models = [new() { Name = "up", Client = provider }];
        models.AddRange(labs.Select(l => new ServedModel { Name = $"lab-b{l.Batch}", Client = l.Client }));

        await using var server = await RethinkServer.StartAsync(models, new ServerOptions { MaxConcurrentRequests = 128, MaxQueuedRequests = 1024 });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upstream delay {delay.TotalMilliseconds} ms; {seconds} s per level after {warmup.TotalSeconds} s warm-up; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));
        Console.WriteLine("| target | clients | requests | req/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var body = """{"model":"up","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is six times seven?"}],"temperature":0,"max_tokens":16}""";
        var overheads = new List<string>();
        foreach (var clients in clientLevels)
        {
            var direct = await LoadGenerator.RunAsync(http, new Uri(upstream.BaseUrl + "/chat/completions"), body, clients, warmup, TimeSpan.FromSeconds(seconds));
            Console.WriteLine(direct.Row("direct (fake upstream)"));
            var through = await LoadGenerator.RunAsync(http, new Uri(server.BaseUrl + "/chat/completions"), body, clients, warmup, TimeSpan.FromSeconds(seconds));
            Console.WriteLine(through.Row("pass-through (server -> upstream)"));
            overheads.Add(string.Create(CultureInfo.InvariantCulture, $"{clients} clients: p50 {through.P50Ms - direct.P50Ms:+0.00;-0.00} ms, p99 {through.P99Ms - direct.P99Ms:+0.00;-0.00} ms"));
        }

        foreach (var clients in clientLevels)
        {
            foreach (var (batch, _) in labs)
            {
                var labBody = "{\"model\":\"lab-b" + batch.ToString(CultureInfo.InvariantCulture) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Compute 17+25.\"}],\"temperature\":0,\"max_tokens\":" + labTokens.ToString(CultureInfo.InvariantCulture) + "}";
                var result = await LoadGenerator.RunAsync(http, new Uri(server.BaseUrl + "/chat/completions"), labBody, clients, warmup, TimeSpan.FromSeconds(labSeconds));
                Console.WriteLine(result.Row($"lab, max batch {batch} (max_tokens {labTokens})"));
            }
        }

        foreach (var (_, client) in labs)
        {
            client.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine("Server overhead (pass-through minus direct): " + string.Join("; ", overheads));
        Console.WriteLine("load average after: " + LoadAverage());
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rethink.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
