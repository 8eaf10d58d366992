// Start-up overhead per execution: a trivial program (`pass`) run N times, one at a time, through
//   plain     - Process.Start("/usr/bin/python3 -E -s -S -B main.py") from the same staging file, no limits
//   unsafe    - UnsafeLocalExecutor (setpriv + prlimit, staging directory, sweep)
//   sandbox   - BubblewrapExecutor (setpriv + prlimit + bwrap namespaces, staging directory, sweep)
//   judged    - BubblewrapExecutor.ExecuteJudgedAsync: two sandboxes (a solution and a judge, python3 -I) that exchange
//               one line through the relay: what scoring one code sample costs on top of its tests
// Usage: Rethink.Bench.Sandbox [--runs 200] [--warmup 10] [--concurrency 1]
// Timings are wall-clock per ExecuteAsync call as a caller sees it, so they include the staging directory, the uid
// lease and the post-run sweep.
using System.Diagnostics;
using System.Globalization;
using Rethink.Core.Execution;
using Rethink.Sandbox;

var runs = Arg("--runs", 200);
var warmup = Arg("--warmup", 10);
var concurrency = Arg("--concurrency", 1);
var options = new SandboxOptions { MaxConcurrency = Math.Max(1, concurrency) };
var request = new ExecutionRequest(CodeLanguages.Python, "pass");
var judged = new JudgedRunRequest(
    CodeLanguages.Python,
    new JudgedProgram("import sys\nsys.stdout.write(sys.stdin.readline())\nsys.stdout.flush()\n"),
    new JudgedProgram("import sys\nprint('ping', flush=True)\nsys.exit(0 if sys.stdin.readline() == 'ping\\n' else 1)\n"));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs={runs} warmup={warmup} concurrency={concurrency} cores={Environment.ProcessorCount} load={File.ReadAllText("/proc/loadavg").Trim()}"));
Console.WriteLine("| path | p50 ms | p95 ms | mean ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|---:|");

var scratch = Directory.CreateTempSubdirectory("rethink-bench-");
var file = Path.Join(scratch.FullName, "main.py");
File.WriteAllText(file, "pass\n");
(string Name, Func<Task> Once)[] paths =
[
    ("plain python3", () => Plain(file)),
    ("unsafe-local-exec", Run(new UnsafeLocalExecutor(options))),
    ("sandbox (bwrap)", Run(new BubblewrapExecutor(options))),
    ("judged run (2 x bwrap)", RunJudged(new BubblewrapExecutor(options))),
];

// Interleaved (plain, unsafe, sandbox, plain, ...) so that a change in the machine's load hits every path alike; the
// paired difference sandbox - plain of the same round is the sandbox's own overhead.
var times = await Measure(paths.Select(p => p.Once).ToArray());
for (var p = 0; p < paths.Length; p++)
{
    Report(paths[p].Name, times[p]);
}

Report("sandbox - plain (paired)", times[2].Zip(times[0], (a, b) => a - b).ToArray());
Report("unsafe - plain (paired)", times[1].Zip(times[0], (a, b) => a - b).ToArray());
Report("judged - sandbox (paired)", times[3].Zip(times[2], (a, b) => a - b).ToArray());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load after: {File.ReadAllText("/proc/loadavg").Trim()}"));
scratch.Delete(recursive: true);
return 0;

Func<Task> Run(ICodeExecutor executor) => async () =>
{
    var result = await executor.ExecuteAsync(request);
    if (result.Status != ExecutionStatus.Ok)
    {
        throw new InvalidOperationException($"{executor.Isolation}: {result.Status} {result.Stderr}");
    }
};

Func<Task> RunJudged(IJudgedExecutor executor) => async () =>
{
    var result = await executor.ExecuteJudgedAsync(judged);
    if (result.Judge.ExitCode != 0)
    {
        throw new InvalidOperationException($"judged run: {result.Judge.Status} {result.Judge.Stderr}{result.Solution.Stderr}");
    }
};

static async Task Plain(string file)
{
    var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var arg in new[] { "-E", "-s", "-S", "-B", file })
    {
        info.ArgumentList.Add(arg);
    }

    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    await Task.WhenAll(output, error);
}

async Task<double[][]> Measure(Func<Task>[] paths)
{
    for (var i = 0; i < warmup; i++)
    {
        foreach (var once in paths)
        {
            await once();
        }
    }

    var times = paths.Select(_ => new double[runs]).ToArray();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < runs)
        {
            for (var p = 0; p < paths.Length; p++)
            {
                var clock = Stopwatch.StartNew();
                await paths[p]();
                times[p][i] = clock.Elapsed.TotalMilliseconds;
            }
        }
    }));
    return times;
}

static void Report(string name, double[] values)
{
    var sorted = values.Order().ToArray();
    double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {At(0.5):F1} | {At(0.95):F1} | {sorted.Average():F1} | {sorted[^1]:F1} |"));
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
