using Rethink.Core.Execution;

namespace Rethink.Sandbox.Tests;

[Collection(Sandboxes.Collection)]
public sealed class CodeExecutorsTests
{
    [Fact]
    public void The_sandbox_is_available_here_and_is_what_Create_returns()
    {
        var availability = CodeExecutors.CheckSandbox(Sandboxes.Options());
        Assert.True(availability.IsAvailable, availability.Problem);

        var executor = CodeExecutors.Create(Sandboxes.Options());

        Assert.IsType<BubblewrapExecutor>(executor);
        Assert.Equal(ExecutionIsolation.Sandbox, executor.Isolation);
    }

    [Fact]
    public async Task Missing_bubblewrap_refuses_to_run_naming_the_package()
    {
        var options = Sandboxes.Options() with { BubblewrapPath = "/nonexistent/bwrap" };

        var error = Assert.Throws<SandboxUnavailableException>(() => CodeExecutors.Create(options));
        Assert.Equal(
            "bubblewrap (bwrap) not found at /nonexistent/bwrap: apt-get install bubblewrap (or allow unsandboxed execution explicitly with --unsafe-local-exec)",
            error.Message);
        Assert.Throws<SandboxUnavailableException>(() => new BubblewrapExecutor(options));
        Assert.False(CodeExecutors.CheckSandbox(options).IsAvailable);

        // Only an explicit opt-in runs code anyway, and every result says so.
        var unsafeExecutor = CodeExecutors.Create(options with { AllowUnsafeLocal = true });
        Assert.IsType<UnsafeLocalExecutor>(unsafeExecutor);
        var result = await unsafeExecutor.ExecuteAsync(Sandboxes.Python("print('ran')"));
        Assert.Equal("ran\n", result.Stdout);
        Assert.Equal(ExecutionIsolation.UnsafeLocal, result.Isolation);
    }

    [Fact]
    public void A_bubblewrap_that_cannot_create_namespaces_is_reported_with_its_error()
    {
        // /usr/bin/false stands in for a bwrap that fails (as one does when user namespaces are disabled).
        var options = Sandboxes.Options() with { BubblewrapPath = "/usr/bin/false" };

        var error = Assert.Throws<SandboxUnavailableException>(() => CodeExecutors.Create(options));

        Assert.StartsWith("bubblewrap cannot create its namespaces here", error.Message, StringComparison.Ordinal);
        Assert.Contains("user namespaces must be enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_interpreter_and_tools_are_named()
    {
        var noPython = Sandboxes.Options() with { Runners = [LanguageRunner.Python with { Interpreter = "/nonexistent/python3" }] };
        Assert.Equal(
            "no interpreter found (/nonexistent/python3): apt-get install python3-minimal",
            CodeExecutors.CheckSandbox(noPython).Problem);

        var noPrlimit = Sandboxes.Options() with { PrlimitPath = "/nonexistent/prlimit" };
        Assert.Equal("prlimit not found at /nonexistent/prlimit: apt-get install util-linux", CodeExecutors.CheckSandbox(noPrlimit).Problem);
        Assert.Throws<SandboxUnavailableException>(() => CodeExecutors.Create(noPrlimit with { AllowUnsafeLocal = true }));
    }

    [Fact]
    public void Forcing_unsafe_local_skips_the_sandbox_even_when_it_works()
    {
        var executor = CodeExecutors.Create(Sandboxes.Options() with { ForceUnsafeLocal = true });

        Assert.IsType<UnsafeLocalExecutor>(executor);
        Assert.Equal(ExecutionIsolation.UnsafeLocal, executor.Isolation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Invalid_limits_are_refused(int value)
    {
        Assert.Throws<ArgumentException>(() => new BubblewrapExecutor(Sandboxes.Options() with { MaxProcesses = value }));
        Assert.Throws<ArgumentException>(() => new BubblewrapExecutor(Sandboxes.Options() with { OutputCapBytes = value }));
    }

    [Fact]
    public async Task A_timeout_beyond_the_maximum_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sandboxes.Sandbox.ExecuteAsync(Sandboxes.Python("pass", 3600)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sandboxes.Sandbox.ExecuteAsync(Sandboxes.Python("pass", 0)));
    }

    [Fact]
    public void A_work_root_that_others_can_write_to_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("rethink-sandbox-shared-");
        try
        {
            File.SetUnixFileMode(root.FullName, (UnixFileMode)Convert.ToInt32("1777", 8));

            var error = Assert.Throws<SandboxUnavailableException>(() => new BubblewrapExecutor(Sandboxes.Options() with { WorkRoot = root.FullName }));

            Assert.Contains("writable by it alone", error.Message, StringComparison.Ordinal);
            Assert.Contains("mode 41777", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_work_root_that_is_a_symlink_is_refused()
    {
        var target = Directory.CreateTempSubdirectory("rethink-sandbox-target-");
        var link = Path.Join(Path.GetTempPath(), "rethink-sandbox-link-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.CreateSymbolicLink(link, target.FullName);

            Assert.Throws<SandboxUnavailableException>(() => new UnsafeLocalExecutor(Sandboxes.Options() with { WorkRoot = link }));
        }
        finally
        {
            File.Delete(link);
            target.Delete(recursive: true);
        }
    }
}
