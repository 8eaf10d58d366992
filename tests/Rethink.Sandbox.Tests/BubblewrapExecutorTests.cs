using Rethink.Core.Execution;

namespace Rethink.Sandbox.Tests;

[Collection(Sandboxes.Collection)]
public sealed class BubblewrapExecutorTests
{
    private static readonly BubblewrapExecutor Executor = Sandboxes.Sandbox;

    [Fact]
    public async Task Hello_world_is_ok_with_its_output()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("print('hello')"));

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.Null(result.Detail);
        Assert.Null(result.Signal);
        Assert.False(result.StdoutTruncated);
        Assert.Equal(ExecutionIsolation.Sandbox, result.Isolation);
        Assert.Equal(ExecutionIsolation.Sandbox, Executor.Isolation);
        Assert.Contains(CodeLanguages.Python, Executor.Languages);
    }

    [Fact]
    public async Task A_nonzero_exit_is_an_error_with_its_code()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("import sys\nprint('partial')\nsys.exit(3)"));

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exit-code", result.Detail);
        Assert.Equal("partial\n", result.Stdout);
    }

    [Fact]
    public async Task An_exception_is_an_error_with_the_traceback_on_stderr()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("def f():\n    return 1 / 0\nf()"));

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Traceback", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ZeroDivisionError: division by zero", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("main.py", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_by_signal_is_an_error_naming_the_signal()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"));

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Null(result.ExitCode);
        Assert.Equal(11, result.Signal);
        Assert.Equal("signal", result.Detail);
    }

    [Fact]
    public async Task Stdin_is_echoed_and_unicode_survives_both_ways()
    {
        const string input = "héllo ✓ 日本語 🙂\nline two\n";
        var result = await Executor.ExecuteAsync(Sandboxes.Python("import sys\nsys.stdout.write(sys.stdin.read())\nprint('ünïcødé ✓')", stdin: input));

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal(input + "ünïcødé ✓\n", result.Stdout);
    }

    [Fact]
    public async Task Without_stdin_the_input_is_empty_and_closed()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("import sys\nprint(repr(sys.stdin.read()))"));

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal("''\n", result.Stdout);
    }

    [Fact]
    public async Task Extra_files_are_readable_and_importable_and_the_work_directory_is_writable()
    {
        var request = Sandboxes.Python("""
            import os, helper
            print(helper.seven())
            print(open('data/input.txt').read())
            with open('out.txt', 'w') as f: f.write('written')
            print(open('out.txt').read(), os.getcwd())
            """) with
        {
            Files = new Dictionary<string, string> { ["helper.py"] = "def seven():\n    return 7\n", ["data/input.txt"] = "forty-two" },
        };

        var result = await Executor.ExecuteAsync(request);

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal("7\nforty-two\nwritten /sandbox\n", result.Stdout);
    }

    [Fact]
    public async Task The_program_runs_unprivileged_with_an_empty_environment()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("""
            import os
            print(os.getuid() != 0, os.geteuid() != 0)
            print(sorted(os.environ))
            print(open('/proc/self/oom_score_adj').read().strip())
            """));

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal("True True\n['HOME', 'LANG', 'LC_ALL', 'PATH', 'PWD']\n1000\n", result.Stdout);
    }

    [Theory]
    [InlineData("../escape.py")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("main.py")]
    [InlineData("")]
    public async Task Bad_extra_file_names_are_refused_before_anything_runs(string name)
    {
        var request = Sandboxes.Python("print(1)") with { Files = new Dictionary<string, string> { [name] = "x" } };

        await Assert.ThrowsAsync<ArgumentException>(() => Executor.ExecuteAsync(request));
    }

    [Fact]
    public async Task An_unknown_language_is_not_supported()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Executor.ExecuteAsync(new ExecutionRequest("cobol", "DISPLAY 'HI'.")));

        Assert.Contains("cobol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_runs_each_get_their_own_result()
    {
        var runs = Enumerable.Range(0, 12)
            .Select(i => Executor.ExecuteAsync(Sandboxes.Python($"import os\nprint({i} * {i}, len(os.listdir('.')))")))
            .ToArray();

        var results = await Task.WhenAll(runs);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(ExecutionStatus.Ok, results[i].Status);
            Assert.Equal($"{i * i} 1\n", results[i].Stdout);
        }
    }

    [Fact]
    public async Task Repeated_runs_leak_no_file_descriptors_processes_or_directories()
    {
        async Task Runs(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = await Executor.ExecuteAsync(Sandboxes.Python(i % 2 == 0 ? "print(1)" : "import os\nos.fork()\nraise SystemExit(2)", stdin: "x"));
                Assert.NotEqual(ExecutionStatus.Timeout, result.Status);
            }
        }

        // First use loads assemblies, which hold descriptors of their own; earlier tests may leave streams to finalize.
        await Runs(4);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Sandboxes.OpenFileDescriptors();

        await Runs(24);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        // Each run opens at least 3 pipes and a lock file: a leak would grow by 24 or more.
        Assert.InRange(Sandboxes.OpenFileDescriptors(), before - 10, before + 10);
        Assert.Equal(0, Sandboxes.MaxProcessesPerPoolUid());
        Assert.Empty(Directory.EnumerateDirectories(Sandboxes.WorkRoot, "run-*"));
    }

    [Fact]
    public async Task Staging_directories_are_removed_after_runs()
    {
        await Executor.ExecuteAsync(Sandboxes.Python("open('x', 'w').write('y')"));
        await Executor.ExecuteAsync(Sandboxes.Python("import time\ntime.sleep(10)", timeoutSeconds: 0.5));

        Assert.Empty(Directory.EnumerateDirectories(Sandboxes.WorkRoot, "run-*"));
    }

    [Fact]
    public async Task Cancellation_throws_after_the_whole_tree_is_gone()
    {
        var token = Sandboxes.Token();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var source = $$"""
            import os, time
            if os.fork() == 0:
                os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(30)', '{{token}}'])
            time.sleep(30)
            """;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor.ExecuteAsync(Sandboxes.Python(source, 10), cancel.Token));

        Assert.Empty(Sandboxes.ProcessesWithArgument(token));
    }
}
