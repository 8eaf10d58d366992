using System.Diagnostics;
using System.Globalization;
using Rethink.Engine.Inference;
using Rethink.Engine.Kernels;

namespace Rethink.Bench.Engine;

/// <summary>
/// `batch` verb: many concurrent generation requests (what `rethink eval` and `rethink serve` send a lab model), served
/// one at a time as LocalChatClient did before continuous batching (the reference), and by <see cref="ContinuousBatcher"/>
/// with one and with several places, side by side in one process, alternating, best of reps. Every configuration must
/// produce the same tokens for every request; the bench fails otherwise.
/// </summary>
internal static class BatchBench
{
    public static int Run(string[] args)
    {
        var path = BenchArgs.String(args, "--model") ?? throw new ArgumentException("--model FILE.gguf is required");
        var threads = BenchArgs.Int(args, "--threads", Environment.ProcessorCount);
        var count = BenchArgs.Int(args, "--requests", 32);
        var tokens = BenchArgs.Int(args, "--tokens", 100);
        var minPrompt = BenchArgs.Int(args, "--min-prompt", 20);
        var maxPrompt = BenchArgs.Int(args, "--max-prompt", 300);
        var maxBatch = BenchArgs.Int(args, "--max-batch", ContinuousBatcher.MaxBatchLimit);
        var reps = BenchArgs.Int(args, "--reps", 3);
        EngineThreading.MaxThreads = threads;
        var weights = InferenceWeights.LoadGguf(path);
        var rng = new Random(11);
        var prompts = Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, rng.Next(minPrompt, maxPrompt + 1)).Select(_ => rng.Next(weights.Config.VocabSize)).ToArray())
            .ToArray();
        var options = SamplingOptions.Greedy with { MaxTokens = tokens };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model {Path.GetFileName(path)}: {weights.Config}; {count} requests, prompts {minPrompt}-{maxPrompt} tokens ({prompts.Sum(p => p.Length)} in all), {tokens} greedy tokens each; threads {threads}"));

        var meanBatch = 0.0; // of the last timed run at max batch, which every rep repeats identically
        var configurations = new (string Name, Func<List<int>[]> Run)[]
        {
            ("one at a time (InferenceSession.Generate, the reference)", () => OneAtATime(weights, prompts, options)),
            ("ContinuousBatcher, max batch 1", () => Batched(weights, prompts, options, 1, out _)),
            ($"ContinuousBatcher, max batch {maxBatch}", () => Batched(weights, prompts, options, maxBatch, out meanBatch)),
        };
        var best = new double[configurations.Length];
        Array.Fill(best, double.MaxValue);
        List<int>[]? reference = null;
        for (var r = 0; r <= reps; r++)
        {
            for (var c = 0; c < configurations.Length; c++)
            {
                var sw = Stopwatch.StartNew();
                var outputs = configurations[c].Run();
                var seconds = sw.Elapsed.TotalSeconds;
                reference ??= outputs;
                for (var i = 0; i < outputs.Length; i++)
                {
                    if (!outputs[i].SequenceEqual(reference[i]))
                    {
                        throw new InvalidOperationException($"{configurations[c].Name}: request {i} differs from the reference");
                    }
                }

                // Rep 0 warms the JIT and is not counted.
                if (r > 0)
                {
                    best[c] = Math.Min(best[c], seconds);
                }
            }
        }

        var generated = (double)count * tokens;
        for (var c = 0; c < configurations.Length; c++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{configurations[c].Name}: {best[c]:F2} s, {generated / best[c]:F0} generated tok/s, {best[0] / best[c]:F2}x the reference"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean rows per decode step at max batch {maxBatch}: {meanBatch:F2}; outputs identical in all configurations"));
        return 0;
    }

    private static List<int>[] OneAtATime(InferenceWeights weights, int[][] prompts, SamplingOptions options)
    {
        var session = new InferenceSession(weights);
        return prompts.Select(p =>
        {
            session.Reset();
            return session.Generate(p, options).Select(t => t.Id).ToList();
        }).ToArray();
    }

    // Every request is submitted at once, as concurrent clients would; each reads its own stream.
    private static List<int>[] Batched(InferenceWeights weights, int[][] prompts, SamplingOptions options, int maxBatch, out double meanBatch)
    {
        using var batcher = new ContinuousBatcher(weights, maxBatch);
        var outputs = Task.WhenAll(prompts.Select(async p =>
        {
            var ids = new List<int>();
            await foreach (var t in batcher.GenerateAsync(p, options).ConfigureAwait(false))
            {
                ids.Add(t.Id);
            }

            return ids;
        })).GetAwaiter().GetResult();
        meanBatch = (double)batcher.DecodedTokens / batcher.DecodeSteps;
        return outputs;
    }
}
