using System.CommandLine;
using Rethink.Core.Execution;
using Rethink.Sandbox;

namespace Rethink.Cli.Commands;

/// <summary>
/// Where <c>score</c> and <c>eval</c> get a code executor: the bubblewrap sandbox, or, only when the sandbox is
/// unavailable and <c>--unsafe-local-exec</c> was given, an unsandboxed child process. A refusal is a usage error
/// (exit 2) carrying the sandbox factory's message, which names the missing piece.
/// </summary>
internal static class CodeExecution
{
    /// <summary>Overrides the bubblewrap path (an unusual installation; tests point it at nothing to simulate a missing sandbox).</summary>
    public const string BubblewrapVariable = "RETHINK_BWRAP";

    public static Option<bool> UnsafeLocalOption() => new("--unsafe-local-exec")
    {
        Description = "If the sandbox (bubblewrap, user namespaces) is unavailable, run model-written code in a plain child process with resource limits only. Recorded and shown in the report.",
    };

    public static Option<double> TimeoutOption()
    {
        var option = new Option<double>("--exec-timeout")
        {
            Description = "Wall-clock limit per program run, in seconds (at most 600).",
            DefaultValueFactory = _ => 10d,
            HelpName = "seconds",
        }.AtLeast(0.1);

        // The sandbox refuses longer limits (SandboxOptions.MaxTimeout); say so before any work is done.
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() > 600)
            {
                result.AddError("--exec-timeout must be at most 600 seconds");
            }
        });
        return option;
    }

    /// <summary>The executor, or a usage error naming what the sandbox lacks.</summary>
    public static ProcessExecutor Create(CliContext context, bool allowUnsafeLocal)
    {
        var options = new SandboxOptions { AllowUnsafeLocal = allowUnsafeLocal };
        if (context.Host.GetEnvironmentVariable(BubblewrapVariable) is { Length: > 0 } bwrap)
        {
            options = options with { BubblewrapPath = bwrap };
        }

        ProcessExecutor executor;
        try
        {
            executor = CodeExecutors.Create(options);
        }
        catch (SandboxUnavailableException e)
        {
            throw CliException.Usage("code execution refused: " + e.Message);
        }

        if (executor.Isolation != ExecutionIsolation.Sandbox)
        {
            var why = CodeExecutors.CheckSandbox(options).Problem ?? "unavailable";
            context.WriteHint("WARNING: model-written code runs WITHOUT the sandbox (--unsafe-local-exec; the sandbox: " + why + ")");
        }

        return executor;
    }
}
