using System.Diagnostics;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// Runs programs as plain child processes (never in our process) with the same resource limits, wall-clock kill,
/// output caps and empty environment as the sandbox, but <b>without</b> its isolation: the program sees the host
/// filesystem and network with the rights of its uid. When we are root it still runs under a pooled unprivileged uid
/// and every process of that uid is killed after the run; otherwise a daemonised grandchild can outlive the run.
/// Chosen only explicitly (<see cref="SandboxOptions.AllowUnsafeLocal"/>, the CLI's <c>--unsafe-local-exec</c>);
/// every result says <see cref="ExecutionIsolation.UnsafeLocal"/>.
/// </summary>
/// <remarks>
/// Thread-safe; bounded by <see cref="SandboxOptions.MaxConcurrency"/>. Judged runs get two processes and, as root, two
/// uids, but none of the sandbox's guarantees: a solution running as the same user as its judge can read and change the
/// judge, so a verdict from this executor is only as good as the solution is honest.
/// </remarks>
public sealed class UnsafeLocalExecutor : ProcessExecutor
{
    /// <summary>Prepares the executor; it needs util-linux setpriv and prlimit and at least one runner's interpreter.</summary>
    /// <exception cref="SandboxUnavailableException">setpriv, prlimit or every interpreter is missing.</exception>
    public UnsafeLocalExecutor(SandboxOptions options)
        : base(CreateSlots(options))
    {
    }

    /// <inheritdoc />
    public override string Isolation => ExecutionIsolation.UnsafeLocal;

    private static ExecutionSlots CreateSlots(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = CodeExecutors.CheckTools(options, bubblewrap: false, out var runners);
        if (problem is not null)
        {
            throw new SandboxUnavailableException(problem);
        }

        return new ExecutionSlots(options, runners, ExecutionIsolation.UnsafeLocal);
    }

    private protected override ProcessStartInfo BuildCommand(SlotContext context)
    {
        var info = Slots.LimitedStart(context);
        info.WorkingDirectory = context.Staging.Path;
        info.Environment["HOME"] = context.Staging.Path;
        info.Environment["LANG"] = "C.UTF-8";
        info.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (name, value) in context.Runner.Environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(context.Runner.Interpreter);
        foreach (var arg in context.InterpreterArguments)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add(context.Runner.MainFile);
        return info;
    }
}
