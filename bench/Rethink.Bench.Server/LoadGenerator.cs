using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Rethink.Bench.Server;

/// <summary>
/// A closed-loop load generator: <c>clients</c> workers each send one request, wait for the whole answer, and send the
/// next, for a fixed duration after a warm-up. Latency is per request (send to last byte); every non-200 is counted.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Uri url, string body, int clients, TimeSpan warmup, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        using var stopAll = new CancellationTokenSource();
        var measuring = false;
        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = [];
            while (!stopAll.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                try
                {
                    using var response = await http.PostAsync(url, content);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                if (Volatile.Read(ref measuring))
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        })).ToArray();

        await Task.Delay(warmup);
        Volatile.Write(ref measuring, true);
        var measured = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var seconds = measured.Elapsed.TotalSeconds;
        await stopAll.CancelAsync();
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(clients, all.Length, all.Length / seconds, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>One measured load level.</summary>
public sealed record LoadResult(int Clients, int Requests, double RequestsPerSecond, double P50Ms, double P99Ms, int Errors)
{
    public string Row(string target) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {target} | {Clients} | {Requests} | {RequestsPerSecond:F1} | {P50Ms:F2} | {P99Ms:F2} | {Errors} |");
}
