using System.Diagnostics;
using Rethink.Core.Execution;

namespace Rethink.Sandbox.Tests;

/// <summary>The explicit opt-out: no isolation, but still a separate process with limits, the kill and the caps.</summary>
[Collection(Sandboxes.Collection)]
public sealed class UnsafeLocalExecutorTests
{
    private static readonly UnsafeLocalExecutor Executor = Sandboxes.Unsafe;

    [Fact]
    public async Task Runs_in_another_process_and_says_it_is_unsafe()
    {
        var result = await Executor.ExecuteAsync(Sandboxes.Python("import os\nprint(os.getpid() != " + Environment.ProcessId + ")"));

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal("True\n", result.Stdout);
        Assert.Equal(ExecutionIsolation.UnsafeLocal, result.Isolation);
        Assert.Equal(ExecutionIsolation.UnsafeLocal, Executor.Isolation);
    }

    [Fact]
    public async Task Our_environment_and_api_key_are_not_passed_on()
    {
        Environment.SetEnvironmentVariable("RETHINK_TEST_API_KEY", "sk-canary-unsafe");
        try
        {
            var result = await Executor.ExecuteAsync(Sandboxes.Python("import os\nprint(sorted(os.environ))\nprint('sk-canary' in str(os.environ))"));

            Assert.Equal("['HOME', 'LANG', 'LC_ALL', 'PATH']\nFalse\n", result.Stdout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RETHINK_TEST_API_KEY", null);
        }
    }

    [Fact]
    public async Task An_endless_program_is_killed_within_the_timeout_plus_one_second()
    {
        var executor = Executor;
        var clock = Stopwatch.StartNew();

        var result = await executor.ExecuteAsync(Sandboxes.Python("while True:\n    pass", 1));

        Assert.Equal(ExecutionStatus.Timeout, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Limits_still_apply()
    {
        var memory = await Executor.ExecuteAsync(Sandboxes.Python("x = bytearray(8 * 1024 ** 3)"));
        var file = await Executor.ExecuteAsync(Sandboxes.Python("open('big', 'wb').write(b'x' * (32 * 1024 * 1024))"));

        Assert.Equal("memory", memory.Detail);
        Assert.Equal("file-size", file.Detail);
    }

    [Fact]
    public async Task Extra_files_and_stdin_work_as_in_the_sandbox()
    {
        var request = Sandboxes.Python("import helper, sys\nprint(helper.X, sys.stdin.read())", stdin: "in") with
        {
            Files = new Dictionary<string, string> { ["helper.py"] = "X = 5" },
        };

        var result = await Executor.ExecuteAsync(request);

        Assert.Equal("5 in\n", result.Stdout);
    }

    [Fact]
    public async Task As_root_daemons_do_not_survive_because_the_slot_uid_is_swept()
    {
        if (!IsRoot())
        {
            return; // Without root there is no uid to sweep; the README says such daemons can survive.
        }

        var token = Sandboxes.Token();
        var source = $$"""
            import os
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(30)', '{{token}}'])
                os._exit(0)
            print('detached')
            """;

        var result = await Executor.ExecuteAsync(Sandboxes.Python(source));

        Assert.Equal("detached\n", result.Stdout);
        Assert.Empty(Sandboxes.ProcessesWithArgument(token));
    }

    [Fact]
    public async Task Cleaning_the_work_directory_does_not_follow_symlinks_the_program_left()
    {
        var host = Directory.CreateTempSubdirectory("rethink-sandbox-target-");
        try
        {
            var sentinel = Path.Join(host.FullName, "keep.txt");
            await File.WriteAllTextAsync(sentinel, "keep");
            var source = $$"""
                import os
                os.symlink('{{host.FullName}}', 'link')
                os.mkdir('locked')
                open('locked/f', 'w').write('x')
                os.chmod('locked', 0)
                print('done')
                """;

            var result = await Executor.ExecuteAsync(Sandboxes.Python(source));

            Assert.Equal("done\n", result.Stdout);
            Assert.Equal("keep", await File.ReadAllTextAsync(sentinel));
            Assert.Empty(Directory.EnumerateDirectories(Sandboxes.WorkRoot, "run-*"));
        }
        finally
        {
            host.Delete(recursive: true);
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";
}
