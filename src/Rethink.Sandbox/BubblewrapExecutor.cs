using System.Diagnostics;
using System.Globalization;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// Runs programs in a bubblewrap sandbox: new user, PID, network, IPC, UTS and cgroup namespaces (no network at all,
/// only a down loopback), a private root with read-only <c>/usr</c>, a fresh <c>/proc</c> and minimal <c>/dev</c>, a
/// size-capped tmpfs work directory (<c>/sandbox</c>, the program's files bound read-only into it) and <c>/tmp</c>, an
/// empty environment, no capabilities, no new privileges, a new session (no TIOCSTI), prlimit resource limits and, when
/// we are root, an unprivileged uid per concurrency slot. See the project README for what this does not guarantee.
/// </summary>
/// <remarks>
/// Thread-safe; at most <see cref="SandboxOptions.MaxConcurrency"/> runs go at once, the rest wait. Nothing is held
/// between runs, so there is nothing to dispose. In a judged run each of the two programs gets all of the above on its
/// own: separate namespaces, uid, work directory and <c>/tmp</c>.
/// </remarks>
public sealed class BubblewrapExecutor : ProcessExecutor
{
    private const string WorkDir = "/sandbox";

    /// <summary>Checks that the sandbox works here (see <see cref="CodeExecutors.CheckSandbox"/>) and prepares the slots.</summary>
    /// <exception cref="SandboxUnavailableException">A piece is missing; the message names it.</exception>
    public BubblewrapExecutor(SandboxOptions options)
        : base(CreateSlots(options))
    {
    }

    /// <inheritdoc />
    public override string Isolation => ExecutionIsolation.Sandbox;

    private static ExecutionSlots CreateSlots(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var availability = CodeExecutors.CheckSandbox(options);
        if (!availability.IsAvailable)
        {
            throw new SandboxUnavailableException(availability.Problem!);
        }

        return new ExecutionSlots(options, availability.Runners, ExecutionIsolation.Sandbox);
    }

    private protected override ProcessStartInfo BuildCommand(SlotContext context)
    {
        var options = Slots.Options;
        var info = Slots.LimitedStart(context);
        var args = info.ArgumentList;
        args.Add(options.BubblewrapPath);
        foreach (var arg in NamespaceArguments())
        {
            args.Add(arg);
        }

        args.Add("--clearenv");
        AddEnv(args, "PATH", "/usr/bin:/bin");
        AddEnv(args, "HOME", WorkDir);
        AddEnv(args, "LANG", "C.UTF-8");
        AddEnv(args, "LC_ALL", "C.UTF-8");
        foreach (var (name, value) in context.Runner.Environment)
        {
            AddEnv(args, name, value);
        }

        AddFilesystem(args, context.Runner, options.TmpfsBytes);
        foreach (var relative in context.Staging.RelativeFiles)
        {
            args.Add("--ro-bind");
            args.Add(Path.Join(context.Staging.Path, relative));
            args.Add(WorkDir + "/" + relative);
        }

        args.Add("--chdir");
        args.Add(WorkDir);
        args.Add("--");
        args.Add(context.Runner.Interpreter);
        foreach (var arg in context.InterpreterArguments)
        {
            args.Add(arg);
        }

        args.Add(context.Runner.MainFile);
        return info;
    }

    /// <summary>
    /// The isolation flags. --unshare-user is explicit because --unshare-all only tries it, and --disable-userns needs
    /// it; --disable-userns stops the program from nesting a user namespace of its own.
    /// </summary>
    internal static IEnumerable<string> NamespaceArguments() =>
    [
        "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--hostname", "sandbox",
    ];

    /// <summary>
    /// A read-only root with only the runner's read-only binds, merged-/usr symlinks, /proc, a read-only minimal /dev
    /// (null, zero, full, random, urandom, tty, pts) and two writable, capped tmpfs mounts: /tmp and the work directory.
    /// </summary>
    internal static void AddFilesystem(IList<string> args, LanguageRunner runner, long tmpfsBytes)
    {
        foreach (var bind in runner.ReadOnlyBinds)
        {
            args.Add("--ro-bind");
            args.Add(bind);
            args.Add(bind);
        }

        args.Add("--symlink");
        args.Add("usr/bin");
        args.Add("/bin");
        args.Add("--symlink");
        args.Add("usr/lib");
        args.Add("/lib");
        args.Add("--symlink");
        args.Add("usr/lib64");
        args.Add("/lib64");
        args.Add("--proc");
        args.Add("/proc");
        args.Add("--dev");
        args.Add("/dev");

        // bwrap's root and /dev are tmpfs mounts without a size cap: read-only, so the only writable places are the
        // two capped ones below.
        args.Add("--remount-ro");
        args.Add("/dev");
        var size = tmpfsBytes.ToString(CultureInfo.InvariantCulture);
        args.Add("--size");
        args.Add(size);
        args.Add("--tmpfs");
        args.Add("/tmp");
        args.Add("--size");
        args.Add(size);
        args.Add("--tmpfs");
        args.Add(WorkDir);
        args.Add("--remount-ro");
        args.Add("/");
    }

    private static void AddEnv(IList<string> args, string name, string value)
    {
        args.Add("--setenv");
        args.Add(name);
        args.Add(value);
    }
}
