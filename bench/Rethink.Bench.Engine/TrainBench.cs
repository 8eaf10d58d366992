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
                train --bench [--preset lab|tiny|lab-recipe] [--batch B] [--seq T] [--steps N] [--gemm-size N] [--varlen] [--buckets]
                train --bench --attention [--preset ...] [--batch B] [--seq T] [--steps REPEATS]
                train --bench --eval-batching [--preset ...] [--batch B] [--seq T] [--count N]
                --threads N caps the engine's threads (1 makes CPU time a load-independent work measure).
                --varlen draws chat-like lengths (median 76, p90 470, max 665 tokens); --buckets turns on length bucketing.
                Without --corpus a built-in arithmetic corpus ("12+34=46" lines) is generated.
                """);
            return 0;
        }

        return args.Contains("--bench") ? Bench(args) : Train(args);
    }

    private static int Train(string[] args)
    {
        var config = TrainPresets.Get(BenchArgs.String(args, "--preset") ?? "lab");
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
        var presetName = BenchArgs.String(args, "--preset") ?? "lab";
        var config = TrainPresets.GetWithRecipe(presetName);
        var batch = BenchArgs.Int(args, "--batch", 8);
        var seq = Math.Min(BenchArgs.Int(args, "--seq", 256), config.ContextLength);
        var steps = BenchArgs.Int(args, "--steps", 5);
        var gemmSize = BenchArgs.Int(args, "--gemm-size", 1024);
        var varlen = args.Contains("--varlen");
        var buckets = args.Contains("--buckets");
        var attentionOnly = args.Contains("--attention");

        if (BenchArgs.String(args, "--threads") is not null)
        {
            // One thread makes process CPU time a load-independent measure of the work (no spinning helpers).
            EngineThreading.MaxThreads = BenchArgs.Int(args, "--threads", Environment.ProcessorCount);
        }

        Console.WriteLine($"load average {LoadAverage()}; engine threads {EngineThreading.MaxThreads}");
        if (attentionOnly)
        {
            return BenchAttention(config, batch, seq, steps);
        }

        if (args.Contains("--eval-batching"))
        {
            return BenchEvalBatching(config, batch, seq, BenchArgs.Int(args, "--count", 1393));
        }

        var peak = MeasureGemmPeak(gemmSize);
        Console.WriteLine(string.Create(Inv, $"SGEMM peak (Gemm.MatMulNT {gemmSize}x{gemmSize}x{gemmSize}, best of 5): {peak / 1e9:F1} GFLOP/s on {Environment.ProcessorCount} threads"));

        // Full-length random sequences (every position trained, no padding), or with --varlen chat-like lengths.
        var rng = new Random(1);
        var data = varlen
            ? ChatLikeLengths(rng, Math.Max(4096, batch * (steps + 2)), seq).Select(n => new TrainingSequence(Enumerable.Range(0, n).Select(_ => rng.Next(config.VocabSize)).ToArray())).ToList()
            : Enumerable.Range(0, batch * (steps + 2)).Select(_ => new TrainingSequence(Enumerable.Range(0, seq + 1).Select(_ => rng.Next(config.VocabSize)).ToArray())).ToList();
        if (varlen)
        {
            var lengths = data.Select(d => d.Tokens.Length).Order().ToArray();
            Console.WriteLine(string.Create(Inv, $"varlen data: {lengths.Length} sequences, tokens mean {lengths.Average():F0}, p50 {lengths[lengths.Length / 2]}, p90 {lengths[lengths.Length * 9 / 10]}, max {lengths[^1]}; length buckets {(buckets ? "on" : "off")}"));
        }

        var options = new TrainerOptions(BatchSize: batch, SequenceLength: seq, TotalSteps: steps + 2, WarmupSteps: 1, LengthBuckets: buckets);
        var trainer = new Trainer(config, options, data);
        var parameters = trainer.Layout.TotalLength;
        trainer.TrainStep(); // JIT, first touch of the activation buffers
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long positions = 0, real = 0;
        for (var i = 0; i < steps; i++)
        {
            var stepStart = sw.Elapsed.TotalSeconds;
            var r = trainer.TrainStep();
            positions += r.Tokens;
            real += r.TrainedTokens; // no loss masks here, so trained rows = real (unpadded) positions
            Console.WriteLine(string.Create(Inv, $"  step {i + 1}: loss {r.Loss:F4}, T={r.Tokens / batch,4}, {r.TrainedTokens,6} real / {r.Tokens,6} padded positions, {sw.Elapsed.TotalSeconds - stepStart:F2} s"));
        }

        var wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        var tps = real / wall;
        var flops = 6.0 * parameters * positions / wall;
        Console.WriteLine(string.Create(Inv, $"train: preset {presetName} ({parameters:N0} params), B={batch} T<={seq}, {steps} timed steps{(varlen ? ", varlen" : string.Empty)}{(buckets ? ", length buckets" : string.Empty)}"));
        Console.WriteLine(string.Create(Inv, $"throughput {tps:F0} real tokens/s; {positions / wall:F0} padded positions/s (fill {(double)real / positions:P1}); {real / cpu:F0} real tokens per CPU-second"));
        Console.WriteLine(string.Create(Inv, $"model FLOPs 6*N*positions/s = {flops / 1e9:F1} GFLOP/s; MFU {100 * flops / peak:F1}% of measured SGEMM peak"));
        // On a shared machine the process may get less than all cores; this says how much it actually got.
        Console.WriteLine(string.Create(Inv, $"process CPU time {cpu:F1} s over {wall:F1} s wall = {cpu / wall:F2} of {Environment.ProcessorCount} cores; load average at end {LoadAverage()}"));
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        return 0;
    }

    /// <summary>
    /// Trainer.Evaluate on N chat-like held-out sequences, two ways in one run: batches cut in list order (each call
    /// gets one list-order chunk of B, so its T is that chunk's longest row: the old batching) and one call on the whole
    /// list (batches of similar length, as Trainer.Evaluate makes them). Same weights, same sequences; the two losses
    /// must agree up to summation order.
    /// </summary>
    private static int BenchEvalBatching(ModelConfig config, int batch, int seq, int count)
    {
        var rng = new Random(2);
        var data = ChatLikeLengths(rng, count, seq).Select(n => new TrainingSequence(Enumerable.Range(0, n).Select(_ => rng.Next(config.VocabSize)).ToArray())).ToList();
        var trainer = new Trainer(config, new TrainerOptions(BatchSize: batch, SequenceLength: seq, TotalSteps: 1, WarmupSteps: 1), data);
        trainer.Evaluate(data.Take(batch).ToList()); // JIT, first touch of the buffers

        var sw = Stopwatch.StartNew();
        double sum = 0;
        long trained = 0, listPositions = 0;
        for (var i = 0; i < data.Count; i += batch)
        {
            var chunk = data.GetRange(i, Math.Min(batch, data.Count - i));
            var tokens = chunk.Sum(c => (long)c.Tokens.Length - 1);
            sum += trainer.Evaluate(chunk) * (double)tokens;
            trained += tokens;
            listPositions += (long)chunk.Count * chunk.Max(c => c.Tokens.Length - 1);
        }

        var listOrder = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var loss = trainer.Evaluate(data);
        var sorted = sw.Elapsed.TotalSeconds;
        var byLength = data.Select(d => d.Tokens.Length - 1).Order().Chunk(batch).Sum(c => (long)c.Length * c.Max());
        Console.WriteLine(string.Create(Inv, $"eval batching: {count} chat-like sequences, {trained:N0} real positions, B={batch}"));
        Console.WriteLine(string.Create(Inv, $"  list order:     {listOrder:F2} s, {listPositions:N0} padded positions, loss {sum / trained:F6}"));
        Console.WriteLine(string.Create(Inv, $"  sorted by length: {sorted:F2} s, {byLength:N0} padded positions, loss {loss:F6}"));
        Console.WriteLine(string.Create(Inv, $"  speed-up {listOrder / sorted:F2}x; load average at end {LoadAverage()}"));
        return 0;
    }

    /// <summary>
    /// Token counts shaped like the lab chat data (26,850 examples: mean 196, p50 76, p90 470, max 665): log-normal
    /// with median 76 and p90 470 (sigma = ln(470/76)/1.2816), clamped to [8, min(665, T+1)].
    /// </summary>
    private static IEnumerable<int> ChatLikeLengths(Random rng, int count, int seq)
    {
        var sigma = Math.Log(470.0 / 76.0) / 1.2816;
        for (var i = 0; i < count; i++)
        {
            var gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            yield return (int)Math.Clamp(Math.Round(76 * Math.Exp(sigma * gauss)), 8, Math.Min(665, seq + 1));
        }
    }

    /// <summary>
    /// CausalAttention forward + backward alone, for the preset's head shape at [B, T]: best wall time of N, and mean
    /// process CPU time (the OS counts CPU time in 10 ms ticks, so use enough repeats for the sum to be accurate).
    /// </summary>
    private static int BenchAttention(ModelConfig config, int batch, int seq, int repeats)
    {
        int n = batch * seq, d = config.Dim, kv = config.KvDim;
        var rng = new Random(3);
        float[] Rand(int len) => Enumerable.Range(0, len).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var (q, k, v, dOut) = (Rand(n * d), Rand(n * kv), Rand(n * kv), Rand(n * d));
        var att = new float[(long)batch * config.Heads * seq * seq];
        var o = new float[n * d];
        var (dq, dk, dv) = (new float[n * d], new float[n * kv], new float[n * kv]);
        double bestF = double.MaxValue, bestB = double.MaxValue, cpu = 0, wall = 0;
        var process = Process.GetCurrentProcess();
        for (var i = 0; i <= repeats; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            CausalAttention.Forward(q, k, v, att, o, batch, seq, config.Heads, config.KvHeads, config.HeadDim);
            var f = sw.Elapsed.TotalSeconds;
            CausalAttention.Backward(q, k, v, att, dOut, dq, dk, dv, batch, seq, config.Heads, config.KvHeads, config.HeadDim);
            var fb = sw.Elapsed.TotalSeconds;
            process.Refresh();
            if (i > 0)
            {
                // The first call is warm-up (JIT, first touch).
                bestF = Math.Min(bestF, f);
                bestB = Math.Min(bestB, fb - f);
                cpu += (process.TotalProcessorTime - cpu0).TotalSeconds;
                wall += fb;
            }
        }

        // Causal work: q.k and p.v over the lower triangle, 2 * 2 * headDim flops per (query head, pair), x2 for backward.
        var pairs = (double)batch * config.Heads * seq * (seq + 1) / 2;
        var causalFlops = 4.0 * config.HeadDim * pairs;
        Console.WriteLine(string.Create(Inv, $"attention B={batch} T={seq} heads={config.Heads}/{config.KvHeads} headDim={config.HeadDim}: forward best {bestF * 1e3:F1} ms ({causalFlops / bestF / 1e9:F1} causal GFLOP/s), backward best {bestB * 1e3:F1} ms ({2 * causalFlops / bestB / 1e9:F1} causal GFLOP/s); forward+backward mean CPU time {cpu / repeats * 1e3:F1} ms over {repeats} repeats; CPU share {cpu / wall:F2} of {Environment.ProcessorCount} cores; load average at end {LoadAverage()}"));
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
