using System.Diagnostics;
using Rethink.Core.Execution;

namespace Rethink.Sandbox.Tests;

/// <summary>
/// Judged runs in the real sandbox: two programs, two processes, joined only by relayed lines. Each pair is a small
/// Python program written here; the judge's exit status is what the test reads.
/// </summary>
[Collection(Sandboxes.Collection)]
public sealed class JudgedRunTests
{
    private static readonly BubblewrapExecutor Executor = Sandboxes.Sandbox;

    private static JudgedRunRequest Pair(string solution, string judge, double timeoutSeconds = 5, IReadOnlyDictionary<string, string>? judgeFiles = null, int maxMessageBytes = JudgedRunRequest.DefaultMaxMessageBytes) =>
        new(CodeLanguages.Python, new JudgedProgram(solution), new JudgedProgram(judge) { Files = judgeFiles })
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            MaxMessageBytes = maxMessageBytes,
        };

    // A program that becomes a sleeping process with the token on its command line, so a survivor can be found.
    private static string Sleeper(string token) =>
        $"import os\nos.execv('/usr/bin/python3', ['python3', '-c', 'import time\\nwhile True: time.sleep(1)', '{token}'])\n";

    [Fact]
    public async Task Lines_travel_both_ways_and_the_judges_exit_is_the_result()
    {
        const string solution = "import sys\nfor line in sys.stdin:\n    print(int(line) * 2, flush=True)\n";
        const string judge = "import sys\nfor n in (1, 2, 3):\n    print(n, flush=True)\n    assert int(sys.stdin.readline()) == 2 * n\nsys.exit(0)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge));

        Assert.Equal(ExecutionStatus.Ok, result.Judge.Status);
        Assert.Equal(0, result.Judge.ExitCode);
        Assert.Null(result.RelayFault);
        Assert.Equal(3, result.JudgeMessages);
        Assert.Equal(3, result.SolutionMessages);
        Assert.Equal(ExecutionIsolation.Sandbox, result.Isolation);

        // The solution sees its input end when the judge leaves, and leaves by itself.
        Assert.Equal(ExecutionStatus.Ok, result.Solution.Status);
    }

    [Fact]
    public async Task The_solution_cannot_see_the_judges_files_or_memory()
    {
        var token = Sandboxes.Token();

        // The solution looks for the token in every file it can open and every process it can read, then reports. Its
        // own source holds the token only in two halves.
        var solution = $$"""
            import os
            needle = "{{token[..10]}}" + "{{token[10..]}}"
            found = []
            for top in ["/", "/proc"]:
                for d, subs, files in os.walk(top):
                    subs[:] = [s for s in subs if os.path.join(d, s) not in ("/usr", "/proc/sys", "/sys")] if top == "/" else [s for s in subs if s.isdigit() or s in ("fd", "cwd", "root")]
                    for f in files:
                        p = os.path.join(d, f)
                        try:
                            if os.path.isfile(p) and needle in open(p, "rb").read(1 << 20).decode("utf-8", "replace"):
                                found.append(p)
                        except OSError:
                            pass
                    if d.count("/") > 6:
                        subs[:] = []
            for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
                try:
                    if needle in open("/proc/" + pid + "/cmdline").read():
                        found.append(pid)
                except OSError:
                    pass
            print("found" if found else "clean", flush=True)
            """;
        const string judge = "import sys\nsecret = open('secret.txt').read()\nsys.exit(0 if sys.stdin.readline().strip() == 'clean' else 1)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge, 10, new Dictionary<string, string> { ["secret.txt"] = token }));

        Assert.True(result.Judge.ExitCode == 0, $"the solution found the judge's file: {result.Judge.Stderr}{result.Solution.Stderr}");
    }

    [Fact]
    public async Task A_module_the_solution_plants_is_never_imported_by_the_judge()
    {
        // The solution writes json.py wherever it can, then says so; only then does the judge import json.
        const string solution = """
            import os, sys
            for d in {os.getcwd(), "/tmp", os.environ.get("HOME", "/tmp")}:
                try:
                    open(os.path.join(d, "json.py"), "w").write("import os\nos._exit(0)\n")
                except OSError:
                    pass
            print("planted", flush=True)
            sys.stdin.readline()
            """;
        const string judge = "import sys\nsys.stdin.readline()\nimport json\nsys.exit(7 if json.__file__.startswith('/usr/lib/') else 1)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge));

        Assert.Equal(7, result.Judge.ExitCode);
    }

    [Fact]
    public async Task The_two_sides_run_under_different_uids_when_we_are_root()
    {
        const string solution = "import os\nprint(os.getuid(), flush=True)\n";
        const string judge = "import os, sys\nother = int(sys.stdin.readline())\nsys.exit(0 if other != os.getuid() else 1)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge));

        // Without root both sides share our uid (documented), but still live in separate namespaces.
        Assert.Equal(Executor.UsesSlotUids ? 0 : 1, result.Judge.ExitCode);
    }

    [Fact]
    public async Task A_line_over_the_cap_ends_the_relay_and_is_reported()
    {
        const string solution = "import sys\nsys.stdout.write('x' * 5000 + '\\n')\nsys.stdout.flush()\nsys.stdin.readline()\n";
        const string judge = "import sys\nsys.exit(3 if sys.stdin.readline() == '' else 0)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge, maxMessageBytes: 1000));

        Assert.Equal(JudgedRunResult.SolutionMessageTooLarge, result.RelayFault);
        Assert.Equal(3, result.Judge.ExitCode);
        Assert.Equal(0, result.SolutionMessages);
    }

    [Fact]
    public async Task Half_a_line_is_never_delivered()
    {
        const string solution = "import os\nos.write(1, b'{\"kind\": \"val')\nos._exit(0)\n";
        const string judge = "import sys\nsys.exit(0 if sys.stdin.read() == '' else 1)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge));

        Assert.Equal(0, result.Judge.ExitCode);
    }

    [Fact]
    public async Task A_solution_that_never_answers_times_the_run_out_and_both_trees_die()
    {
        var token = Sandboxes.Token();
        var solution = Sleeper(token);
        const string judge = "import sys\nprint('question', flush=True)\nsys.stdin.readline()\n";
        var clock = Stopwatch.StartNew();

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge, timeoutSeconds: 1));

        Assert.Equal(ExecutionStatus.Timeout, result.Judge.Status);
        Assert.Equal(ExecutionStatus.Timeout, result.Solution.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString());
        Assert.Empty(Sandboxes.ProcessesWithArgument(token));
    }

    [Fact]
    public async Task A_solution_still_running_after_the_judge_is_stopped()
    {
        // It ignores its input's end; the judge has its verdict and leaves.
        const string solution = "import time\nprint('hello', flush=True)\nwhile True:\n    time.sleep(1)\n";
        const string judge = "import sys\nsys.exit(0 if sys.stdin.readline() == 'hello\\n' else 1)\n";
        var clock = Stopwatch.StartNew();

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge));

        Assert.Equal(0, result.Judge.ExitCode);
        Assert.Equal(ExecutionStatus.Error, result.Solution.Status);
        Assert.Equal(JudgedRunResult.StoppedAfterJudge, result.Solution.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task A_resource_limit_of_the_solution_is_reported_on_the_solution()
    {
        const string solution = "block = bytearray(4 * 1024 ** 3)\n";
        const string judge = "import sys\nsys.exit(0 if sys.stdin.readline() else 5)\n";

        var result = await Executor.ExecuteJudgedAsync(Pair(solution, judge));

        Assert.Equal(5, result.Judge.ExitCode);
        Assert.NotEqual(ExecutionStatus.Ok, result.Solution.Status);
        Assert.Contains("MemoryError", result.Solution.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_kills_both_sides()
    {
        var token = Sandboxes.Token();
        var solution = Sleeper(token);
        var judge = Sleeper(token);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor.ExecuteJudgedAsync(Pair(solution, judge, 30), cancel.Token));

        Assert.Empty(Sandboxes.ProcessesWithArgument(token));
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_anything_starts()
    {
        var pair = Pair("pass", "pass");

        await Assert.ThrowsAsync<NotSupportedException>(() => Executor.ExecuteJudgedAsync(pair with { Language = "cobol" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Executor.ExecuteJudgedAsync(pair with { MaxMessageBytes = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Executor.ExecuteJudgedAsync(pair with { Timeout = TimeSpan.FromHours(1) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Executor.ExecuteJudgedAsync(pair with { Judge = new JudgedProgram("pass") { Files = new Dictionary<string, string> { ["../x"] = "" } } }));
    }
}
