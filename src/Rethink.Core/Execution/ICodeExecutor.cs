namespace Rethink.Core.Execution;

/// <summary>
/// Runs a model-written program in a separate process and reports what happened. Implementations never run the
/// program inside the calling process.
/// </summary>
/// <remarks>
/// Contract: <see cref="ExecuteAsync"/> does not throw for anything the program does (non-zero exit, crash, timeout,
/// resource limits, huge output): those are <see cref="ExecutionResult"/> values. It throws
/// <see cref="OperationCanceledException"/> when its cancellation token is cancelled, after the whole
/// process tree is gone, and <see cref="NotSupportedException"/> for a language it cannot run. It is safe to call
/// concurrently; implementations bound their own parallelism.
/// </remarks>
public interface ICodeExecutor
{
    /// <summary>
    /// How programs are isolated, recorded with every run and shown in reports: <see cref="ExecutionIsolation.Sandbox"/>
    /// or <see cref="ExecutionIsolation.UnsafeLocal"/>.
    /// </summary>
    string Isolation { get; }

    /// <summary>The languages this executor can run (values of <see cref="CodeLanguages"/>).</summary>
    IReadOnlyCollection<string> Languages { get; }

    /// <summary>Runs one program to completion, timeout or limit.</summary>
    /// <param name="request">The program, its input and its limits.</param>
    /// <param name="cancellationToken">Kills the process tree when cancelled.</param>
    Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Names of the isolation levels an <see cref="ICodeExecutor"/> can report.</summary>
public static class ExecutionIsolation
{
    /// <summary>A sandbox (bubblewrap namespaces, no network, private filesystem, resource limits, unprivileged user).</summary>
    public const string Sandbox = "sandbox";

    /// <summary>A plain child process with only resource limits; chosen explicitly with <c>--unsafe-local-exec</c>.</summary>
    public const string UnsafeLocal = "unsafe-local-exec";
}

/// <summary>Language identifiers understood by executors.</summary>
public static class CodeLanguages
{
    /// <summary>Python 3, run with the system interpreter.</summary>
    public const string Python = "python";
}
