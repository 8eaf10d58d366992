using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rethink.Engine.Checkpoints;
using Rethink.Engine.Kernels;
using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Bench.Engine;

/// <summary>
/// Training benchmark and toy-corpus training tool (train). Tokens are raw UTF-8 bytes (ids 0..255), so the preset's
/// vocabulary must be at least 256; this keeps the tool independent of the tokenizer.
/// </summary>
internal static class TrainBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine("""
                train [--corpus FILE.txt] [--preset lab|tiny] [--steps N] [--batch B] [--seq T] [--lr LR] [--warmup N]
                      [--eval-every N] [--seed S] [--out model.ckpt] [--resume model.ckpt] [--prompt TEXT]
                train --bench [--preset lab] [--batch B] [--seq T] [--steps N] [--gemm-size N]
                Without --corpus a built-in arithmetic corpus ("12+34=46" lines) is generated.
                """);
            return 0;
        }

        return args.Contains("--bench") ? Bench(args) : Train(args);
    }

    private static int Train(string[] args)
    {
        var config = LabPresets.Get(BenchArgs.String(args, "--preset") ?? "lab");
        if (config.VocabSize < 256)
        {
            Console.Error.WriteLine($"train: the byte-level corpus needs a vocabulary of at least 256; preset has {config.VocabSize}.");
            return 2;
        }

        var steps = BenchArgs.Int(args, "--steps", 200);
        var batch = BenchArgs.Int(args, "--batch", 8);
        var seq = Math.Min(BenchArgs.Int(args, "--seq", 128), config.ContextLength);
        var evalEvery = BenchArgs.Int(args, "--eval-every", 50);
        var seed = BenchArgs.Int(args, "--seed", 1);
        var lr = float.Parse(BenchArgs.String(args, "--lr") ?? "1e-3", Inv);
        var warmup = BenchArgs.Int(args, "--warmup", Math.Max(1, steps / 20));
        var outPath = BenchArgs.String(args, "--out") ?? "model.ckpt";
        var resume = BenchArgs.String(args, "--resume");
        var corpusPath = BenchArgs.String(args, "--corpus");
        var text = corpusPath is null ? ToyCorpus(seed, 400_000) : File.ReadAllText(corpusPath);
        var bytes = Encoding.UTF8.GetBytes(text);

        // Non-overlapping windows of T+1 bytes; the last 5% (at least one) are held out for the eval loss.
        var windows = new List<TrainingSequence>();
        for (var i = 0; i + seq + 1 <= bytes.Length; i += seq)
        {
            windows.Add(new TrainingSequence(bytes.AsSpan(i, seq + 1).ToArray().Select(b => (int)b).ToArray()));
        }

        if (windows.Count < 2)
        {
            Console.Error.WriteLine($"train: corpus has {bytes.Length} bytes, too few for two windows of {seq + 1}.");
            return 2;
        }

        var heldOutCount = Math.Max(1, windows.Count / 20);
        var train = windows.GetRange(0, windows.Count - heldOutCount);
        var heldOut = windows.GetRange(windows.Count - heldOutCount, Math.Min(heldOutCount, 4 * batch));
        var options = new TrainerOptions(BatchSize: batch, SequenceLength: seq, TotalSteps: steps, MaxLearningRate: lr, MinLearningRate: lr / 10, WarmupSteps: warmup, Seed: seed);
        var trainer = new Trainer(config, options, train);
        if (resume is not null)
        {
            trainer.LoadCheckpoint(resume);
            Console.WriteLine($"resumed {resume} at step {trainer.Step}");
        }

        Console.WriteLine(string.Create(Inv, $"model {config} params {trainer.Layout.TotalLength:N0}; corpus {bytes.Length:N0} bytes ({(corpusPath ?? "built-in arithmetic")}), {train.Count} train / {heldOut.Count} eval windows; B={batch} T={seq} steps={steps} lr={lr} threads={Environment.ProcessorCount}"));
        var sw = Stopwatch.StartNew();
        long tokens = 0;
        var startStep = trainer.Step;
        var evalLoss = float.NaN;
        while (trainer.Step < steps)
        {
            var r = trainer.TrainStep();
            tokens += r.Tokens;
            if (r.Step % evalEvery == 0 || r.Step == steps)
            {
                evalLoss = trainer.Evaluate(heldOut);
            }

            if (r.Step % 10 == 0 || r.Step == steps || r.Step == startStep + 1)
            {
                var elapsed = sw.Elapsed.TotalSeconds;
                var tps = tokens / elapsed;
                var eta = TimeSpan.FromSeconds(elapsed / (r.Step - startStep) * (steps - r.Step));
                Console.WriteLine(string.Create(Inv, $"step {r.Step,6}/{steps}  loss {r.Loss:F4}  eval {(float.IsNaN(evalLoss) ? "  -   " : evalLoss.ToString("F4", Inv))}  |g| {r.GradientNorm:F3}  lr {r.LearningRate:E2}  {tps,8:F0} tok/s  ETA {eta:hh\\:mm\\:ss}"));
            }
        }

        trainer.SaveCheckpoint(outPath);
        var reloaded = TrainingCheckpoint.Load(outPath, config);
        var weights = new LlamaWeights(new ParameterLayout(config));
        reloaded.Weights.CopyTo(weights.Data, 0);
        Console.WriteLine($"saved {outPath} ({new FileInfo(outPath).Length:N0} bytes), reloaded at step {reloaded.Step}");
        var prompt = BenchArgs.String(args, "--prompt") ?? (corpusPath is null ? "17+25=" : text[..Math.Min(16, text.Length)]);
        var promptIds = Encoding.UTF8.GetBytes(prompt).Select(b => (int)b).ToArray();
        var sample = FullSequenceForward.GreedyGenerate(weights, promptIds, 16, stopToken: '\n');
        var decoded = Encoding.UTF8.GetString(sample.Where(t => t < 256).Select(t => (byte)t).ToArray());
        Console.WriteLine($"greedy sample: {prompt}|{decoded.Replace("\n", "\\n", StringComparison.Ordinal)}");
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        return 0;
    }

    private static int Bench(string[] args)
    {
        var config = LabPresets.Get(BenchArgs.String(args, "--preset") ?? "lab");
        var batch = BenchArgs.Int(args, "--batch", 8);
        var seq = Math.Min(BenchArgs.Int(args, "--seq", 256), config.ContextLength);
        var steps = BenchArgs.Int(args, "--steps", 5);
        var gemmSize = BenchArgs.Int(args, "--gemm-size", 1024);

        Console.WriteLine($"load average {LoadAverage()}");
        var peak = MeasureGemmPeak(gemmSize);
        Console.WriteLine(string.Create(Inv, $"SGEMM peak (Gemm.MatMulNT {gemmSize}x{gemmSize}x{gemmSize}, best of 5): {peak / 1e9:F1} GFLOP/s on {Environment.ProcessorCount} threads"));

        // Random full-length sequences: every position trained, no padding, so tokens/s counts real work.
        var rng = new Random(1);
        var data = Enumerable.Range(0, batch * (steps + 2))
            .Select(_ => new TrainingSequence(Enumerable.Range(0, seq + 1).Select(_ => rng.Next(config.VocabSize)).ToArray()))
            .ToList();
        var trainer = new Trainer(config, new TrainerOptions(BatchSize: batch, SequenceLength: seq, TotalSteps: steps + 2, WarmupSteps: 1), data);
        var parameters = trainer.Layout.TotalLength;
        trainer.TrainStep(); // JIT, first touch of the activation buffers
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long tokens = 0;
        for (var i = 0; i < steps; i++)
        {
            var stepStart = sw.Elapsed.TotalSeconds;
            var r = trainer.TrainStep();
            tokens += r.Tokens;
            Console.WriteLine(string.Create(Inv, $"  step {i + 1}: loss {r.Loss:F4}, {sw.Elapsed.TotalSeconds - stepStart:F2} s"));
        }

        var wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        var tps = tokens / wall;
        var flops = 6.0 * parameters * tps;
        Console.WriteLine(string.Create(Inv, $"train: preset {BenchArgs.String(args, "--preset") ?? "lab"} ({parameters:N0} params), B={batch} T={seq}, {steps} timed steps"));
        Console.WriteLine(string.Create(Inv, $"throughput {tps:F0} tokens/s; model FLOPs 6*N*tok/s = {flops / 1e9:F1} GFLOP/s; MFU {100 * flops / peak:F1}% of measured SGEMM peak"));
        // On a shared machine the process may get less than all cores; this says how much it actually got.
        Console.WriteLine(string.Create(Inv, $"process CPU time {cpu:F1} s over {wall:F1} s wall = {cpu / wall:F2} of {Environment.ProcessorCount} cores; load average at start {LoadAverage()}"));
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double MeasureGemmPeak(int n)
    {
        var rng = new Random(2);
        var a = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var c = new float[n * n];
        Gemm.MatMulNT(a, b, c, n, n, n);
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            Gemm.MatMulNT(a, b, c, n, n, n);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return 2.0 * n * n * n / best;
    }

    /// <summary>Deterministic arithmetic lines such as "12+34=46\n" (and some subtraction), about <paramref name="bytes"/> long.</summary>
    private static string ToyCorpus(int seed, int bytes)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(bytes + 32);
        while (sb.Length < bytes)
        {
            var a = rng.Next(100);
            var b = rng.Next(100);
            if (rng.Next(3) == 0)
            {
                sb.Append(Inv, $"{Math.Max(a, b)}-{Math.Min(a, b)}={Math.Max(a, b) - Math.Min(a, b)}\n");
            }
            else
            {
                sb.Append(Inv, $"{a}+{b}={a + b}\n");
            }
        }

        return sb.ToString();
    }
}
