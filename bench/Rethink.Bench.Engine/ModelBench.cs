using System.Diagnostics;
using System.Globalization;
using Rethink.Engine.Gguf;
using Rethink.Engine.Inference;
using Rethink.Engine.Kernels;
using Rethink.Engine.Model;
using Rethink.Engine.Tokenization;

namespace Rethink.Bench.Engine;

/// <summary>`make-gguf`, `tg` and `pp` verbs: random-weight model files and generation / prompt throughput.</summary>
internal static class ModelBench
{
    /// <summary>SmolLM2-135M's shape (tied embeddings, GQA 9/3, rope theta 100000).</summary>
    public static ModelConfig SmolLm2 { get; } = new(VocabSize: 49152, Dim: 576, Layers: 30, Heads: 9, KvHeads: 3, HiddenDim: 1536, ContextLength: 8192, RopeTheta: 100000f, NormEps: 1e-5f, TiedEmbeddings: true);

    public static int MakeGguf(string[] args)
    {
        var shape = BenchArgs.String(args, "--shape") ?? "smollm2-135m";
        var type = (BenchArgs.String(args, "--type") ?? "f32").ToLowerInvariant() switch
        {
            "f32" => GgmlType.F32,
            "f16" => GgmlType.F16,
            "q8_0" => GgmlType.Q8_0,
            var t => throw new ArgumentException($"unknown --type {t} (f32, f16, q8_0)"),
        };
        var output = BenchArgs.String(args, "--out") ?? throw new ArgumentException("--out FILE is required");
        if (shape != "smollm2-135m")
        {
            Console.Error.WriteLine($"unknown --shape {shape} (smollm2-135m)");
            return 2;
        }

        var sw = Stopwatch.StartNew();
        var weights = new LlamaWeights(new ParameterLayout(SmolLm2));
        weights.InitializeRandom(BenchArgs.Int(args, "--seed", 1));
        LlamaGguf.Write(output, weights, new ByteTokenizer(vocabSize: SmolLm2.VocabSize), type, "rethink-random-smollm2-135m");
        Console.WriteLine($"wrote {output}: {shape}, {type}, {weights.Layout.TotalLength} parameters, {new FileInfo(output).Length} bytes in {sw.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    public static int Throughput(string verb, string[] args)
    {
        var path = BenchArgs.String(args, "--model") ?? throw new ArgumentException("--model FILE.gguf is required");
        var threads = BenchArgs.Int(args, "--threads", Environment.ProcessorCount);
        var tokens = BenchArgs.Int(args, "--tokens", 128);
        var promptLength = BenchArgs.Int(args, "--prompt", 512);
        var batchArg = BenchArgs.Int(args, "--batch", 0);
        var reps = BenchArgs.Int(args, "--reps", 3);
        EngineThreading.MaxThreads = threads;
        var load = Stopwatch.StartNew();
        var weights = InferenceWeights.LoadGguf(path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {Path.GetFileName(path)}: {weights.Config}, matrices {weights.TokenEmbedding.Type}, {weights.ByteSize / 1e6:F0} MB, loaded in {load.Elapsed.TotalSeconds:F1} s; threads {threads}"));
        var rng = new Random(7);
        var prompt = Enumerable.Range(0, promptLength).Select(_ => rng.Next(weights.Config.VocabSize)).ToArray();

        if (verb == "pp")
        {
            if (args.Contains("--compare-packing"))
            {
                // Side by side, alternating: the NT panels packed by 8 x 8 register transposes, then by the scalar loop.
                var results = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
                for (var w = 0; w < 20; w++)
                {
                    // Warm-up: both paths reach the JIT's optimised tier before anything is timed.
                    GemmPacked.TransposedNtPacking = w % 2 == 0;
                    Pp(weights, prompt, 3);
                }

                for (var r = 0; r < reps; r++)
                {
                    foreach (var transposed in new[] { true, false })
                    {
                        GemmPacked.TransposedNtPacking = transposed;
                        results[transposed].Add(Pp(weights, prompt, 3));
                    }
                }

                GemmPacked.TransposedNtPacking = true;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pp{promptLength}: transposed packing {results[true].Max():F1} tok/s (runs {string.Join(", ", results[true].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}), scalar packing {results[false].Max():F1} tok/s (runs {string.Join(", ", results[false].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})"));
                return 0;
            }

            var pp = Pp(weights, prompt, reps);
            Console.WriteLine(Peak());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pp:F1} tok/s"));
            return 0;
        }

        var batches = batchArg > 0 ? [batchArg] : new[] { 8, 1 };
        if (batchArg == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pp{promptLength}: {Pp(weights, prompt, reps):F1} tok/s"));
        }

        var last = 0.0;
        foreach (var b in batches)
        {
            last = Tg(weights, b, tokens, reps);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tg{tokens} batch {b}: {last:F1} tok/s (all sequences together)"));
        }

        Console.WriteLine(Peak());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{last:F1} tok/s"));
        return 0;
    }

    // Prompt processing: prefill the whole prompt into an empty cache, best of reps.
    private static double Pp(InferenceWeights weights, int[] prompt, int reps)
    {
        var session = new InferenceSession(weights, contextLength: prompt.Length, maxChunk: 512);
        session.Prefill(prompt[..Math.Min(prompt.Length, 32)]);
        var best = double.MaxValue;
        for (var r = 0; r < reps; r++)
        {
            session.Reset();
            var sw = Stopwatch.StartNew();
            session.Prefill(prompt);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return prompt.Length / best;
    }

    // Text generation as llama-bench's tg: start from one token, decode `tokens` greedy steps with sampling, per
    // sequence; batch b decodes b independent sequences together. Best of reps.
    private static double Tg(InferenceWeights weights, int batch, int tokens, int reps)
    {
        var session = new InferenceSession(weights, contextLength: tokens + 2, maxSequences: batch);
        var prompts = Enumerable.Range(0, batch).Select(i => (IReadOnlyList<int>)[1 + i]).ToArray();
        var options = SamplingOptions.Greedy with { MaxTokens = tokens };
        session.GenerateBatch(prompts, options with { MaxTokens = 8 });
        var best = double.MaxValue;
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            var results = session.GenerateBatch(prompts, options);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            if (results.Any(x => x.Tokens.Count != tokens))
            {
                throw new InvalidOperationException("generation ended early");
            }
        }

        return batch * tokens / best;
    }

    private static string Peak()
    {
        using var p = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture, $"peak working set: {p.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
    }
}
