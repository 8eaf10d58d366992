using System.Globalization;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Lab.Chat;
using Rethink.Server;
using Xunit.Abstractions;
using Rethink.Testing.Http;

namespace Rethink.Cli.Tests;

/// <summary>
/// <c>rethink eval</c> with default flags against our own server through <see cref="FaultProxy"/>, which fails 30% of
/// the requests (429 with Retry-After, 500, 503, a reset after the request was read, a stalled body, a body cut short):
/// every transient fault is retried within the one retry layer, so the run loses no item and scores exactly like a
/// fault-free run, and no call makes more than 1 + retries requests.
/// </summary>
public sealed class TransientFaultEvalTests(ITestOutputHelper output) : IDisposable
{
    private const int Retries = 3;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-faults-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Thirty_percent_transient_faults_cost_no_item_and_change_no_score()
    {
        using var lab = LabModel.Load(LabModelLocator.Resolve("critique"), new LocalChatClientOptions { ModelId = "lab:critique" });
        await using var server = await RethinkServer.StartAsync([new ServedModel { Name = "lab", Client = lab }], new ServerOptions());
        // The faults depend on the request bodies, which the shipped model fixes; with this seed its 22 distinct calls
        // meet every kind of fault at least twice, and one call meets three in a row.
        await using var proxy = FaultProxy.Start(server.BaseUrl, new FaultPlan { Seed = 2017, Rate = 0.3, MaxFaultsPerCall = Retries });
        var cli = new CliRunner { WorkingDirectory = _dir.FullName };

        // Short waits keep the test fast: Retry-After and backoff capped at 0.2 s, a stalled body given up after 1 s.
        cli.Environment["RETHINK_RETRY_AFTER_CAP"] = "0.2";
        cli.Environment["RETHINK_IDLE_TIMEOUT"] = "1";

        // A lab generation takes well under a second; a regression should fail the test, not hang it for 10 minutes.
        cli.Environment["RETHINK_REQUEST_TIMEOUT"] = "60";
        string[] eval = ["eval", "--lab-per-cell", "1", "--strategy", "direct,reask"];

        var clean = await cli.RunAsync([.. eval, "--model", $"openai:lab@{server.BaseUrl}", "--store", "clean.db", "--json", "clean.json"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var faulty = await cli.RunAsync([.. eval, "--model", $"openai:lab@{proxy.BaseUrl}", "--store", "faults.db", "--json", "faults.json"]);
        clock.Stop();

        var log = proxy.Log;
        var calls = log.GroupBy(r => r.CallKey).ToList();
        var faults = log.Where(r => r.Fault is not null).GroupBy(r => r.Fault!.Value).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faulty run {clock.Elapsed.TotalSeconds:0.0} s: {log.Count} requests, {calls.Count} calls, {faults.Values.Sum()} faults ({string.Join(", ", Enum.GetValues<FaultKind>().Select(k => $"{k} {faults.GetValueOrDefault(k)}"))}), at most {calls.Max(c => c.Count())} requests per call"));
        output.WriteLine(faulty.Stderr);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(faulty.ExitCode == 0, faulty.ToString());

        // The proxy really did fail about 30% of the requests, with every kind of fault (if the shipped model changed,
        // its requests did too: pick a seed that covers every kind again).
        Assert.All(Enum.GetValues<FaultKind>(), k => Assert.True(faults.GetValueOrDefault(k) > 0, $"no {k} fault was injected"));
        Assert.InRange(faults.Values.Sum() / (double)log.Count, 0.2, 0.45);

        // One key per logical call, at most 1 + retries requests each, and each call ended in exactly one answer.
        Assert.All(log, r => Assert.True(r.HasIdempotencyKey, $"request {r.Number} has no Idempotency-Key"));
        Assert.All(calls, c => Assert.InRange(c.Count(), 1, 1 + Retries));
        Assert.Equal(1 + Retries, calls.Max(c => c.Count()));
        Assert.All(calls, c => Assert.Equal(1, c.Count(r => r.Fault is null)));
        Assert.All(calls, c => Assert.Equal(Enumerable.Range(1, c.Count()), c.Select(r => r.Attempt)));

        var expected = ReportJson.Load(Path.Combine(_dir.FullName, "clean.json"));
        var actual = ReportJson.Load(Path.Combine(_dir.FullName, "faults.json"));
        foreach (var strategy in new[] { "direct", "reask" })
        {
            var x = expected.Strategy(strategy);
            var y = actual.Strategy(strategy);
            Assert.Equal(11, y.GetProperty("problems").GetInt32());
            Assert.Equal(0, y.GetProperty("failures").GetProperty("error").GetInt32());
            Assert.Equal(x.GetProperty("transitions").GetRawText(), y.GetProperty("transitions").GetRawText());
            Assert.Equal(x.GetProperty("acc_at_turn").GetRawText(), y.GetProperty("acc_at_turn").GetRawText());
            Assert.Equal(x.GetProperty("acc1").GetDouble(), y.GetProperty("acc1").GetDouble(), 12);
            Assert.Equal(x.GetProperty("acc2").GetDouble(), y.GetProperty("acc2").GetDouble(), 12);
        }
    }
}
