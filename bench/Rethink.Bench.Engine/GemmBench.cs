using System.Diagnostics;
using System.Numerics.Tensors;
using Rethink.Engine.Kernels;

namespace Rethink.Bench.Engine;

/// <summary>`gemm` verb: GFLOP/s of the three GEMM layouts at the lab and SmolLM2-135M shapes.</summary>
internal static class GemmBench
{
    public static int Run(string[] args)
    {
        var threads = BenchArgs.Int(args, "--threads", Environment.ProcessorCount);
        EngineThreading.MaxThreads = threads;
        Console.WriteLine($"gemm: {Environment.ProcessorCount} cores, threads {threads}, Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        Console.WriteLine("| shape | op | m | n | k | ours GFLOP/s | TensorPrimitives.Dot per row GFLOP/s | scalar reference GFLOP/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        (string Name, int M, int N, int K)[] shapes =
        [
            ("lab qkv-out", 2048, 256, 256), ("lab kv", 2048, 128, 256), ("lab ffn up", 2048, 768, 256), ("lab ffn down", 2048, 256, 768),
            ("lab logits", 2048, 128, 256),
            ("smollm2 q", 512, 576, 576), ("smollm2 ffn up", 512, 1536, 576), ("smollm2 ffn down", 512, 576, 1536),
            ("smollm2 decode q", 1, 576, 576), ("smollm2 decode ffn up", 1, 1536, 576), ("smollm2 decode logits", 1, 49152, 576),
            ("smollm2 batch8 ffn up", 8, 1536, 576), ("smollm2 batch8 logits", 8, 49152, 576),
        ];
        foreach (var (name, m, n, k) in shapes)
        {
            foreach (var op in new[] { "NT", "NN", "TN" })
            {
                if (m <= 8 && op != "NT")
                {
                    continue;
                }

                var rng = new Random(1);
                var a = Fill(rng, m * k);
                var b = Fill(rng, n * k);
                var c = new float[m * n];
                var flops = 2.0 * m * n * k;
                Action ours = op switch
                {
                    "NT" => () => Gemm.MatMulNT(a, b, c, m, n, k),
                    "NN" => () => Gemm.MatMulNN(a, b, c, m, n, k),
                    _ => () => Gemm.MatMulTN(a, b, c, m, n, k),
                };
                var g = flops / Time(ours) / 1e9;
                var dot = op == "NT" ? (flops / Time(() => DotPerRow(a, b, c, m, n, k)) / 1e9).ToString("F1") : "-";
                var scalar = "-";
                if (op == "NT" && (long)m * n * k <= 40_000_000)
                {
                    var sm = Math.Min(m, 64);
                    scalar = (2.0 * sm * n * k / Time(() => GemmReference.MatMulNT(a.AsSpan(0, sm * k), b, c.AsSpan(0, sm * n), sm, n, k, false), minSeconds: 0.2) / 1e9).ToString("F2");
                }

                Console.WriteLine($"| {name} | {op} | {m} | {n} | {k} | {g:F1} | {dot} | {scalar} |");
            }
        }

        return 0;
    }

    // The baseline a plain C# programmer writes: one TensorPrimitives.Dot per output element.
    private static void DotPerRow(float[] a, float[] b, float[] c, int m, int n, int k)
    {
        for (var i = 0; i < m; i++)
        {
            var row = a.AsSpan(i * k, k);
            for (var j = 0; j < n; j++)
            {
                c[(i * n) + j] = TensorPrimitives.Dot(row, b.AsSpan(j * k, k));
            }
        }
    }

    internal static double Time(Action action, double minSeconds = 0.5)
    {
        action();
        action();
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        var reps = 0;
        while (total.Elapsed.TotalSeconds < minSeconds || reps < 3)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            reps++;
        }

        return best;
    }

    private static float[] Fill(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5);
        }

        return x;
    }
}
