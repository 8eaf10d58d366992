namespace Rethink.Core.Execution;

/// <summary>
/// Runs judged runs (<see cref="JudgedRunRequest"/>): an untrusted solution and the trusted judge that scores it, as two
/// processes that never share memory, files or a working directory, and that talk only through relayed lines. This is
/// the contract behind every execution verdict; <see cref="ICodeExecutor"/> runs single programs whose output is
/// feedback, never a verdict.
/// </summary>
/// <remarks>
/// <para>
/// Guarantees of the sandboxed implementation: the solution starts in a fresh interpreter that never held the judge's
/// program or files, in namespaces and (when the host runs as root) under a uid of its own; the judge runs in other
/// namespaces under another uid, with a work directory the solution cannot see or write, and an interpreter that reads
/// no module from it. So the solution can influence the verdict only through what it writes to its standard output and
/// when it ends. An implementation without that isolation (<see cref="ExecutionIsolation.UnsafeLocal"/>) gives none of
/// these guarantees, only separate processes and limits.
/// </para>
/// <para>
/// Contract: <see cref="ExecuteJudgedAsync"/> does not throw for anything either program does: those are result values.
/// It throws <see cref="OperationCanceledException"/> once both process trees are gone when the token is cancelled, and
/// <see cref="NotSupportedException"/> for a language it cannot run. Safe to call concurrently.
/// </para>
/// </remarks>
public interface IJudgedExecutor
{
    /// <summary>The isolation level (<see cref="ExecutionIsolation"/>), recorded with every run and shown in reports.</summary>
    string Isolation { get; }

    /// <summary>Runs both programs to the judge's end, the wall-clock limit or a resource limit.</summary>
    /// <param name="request">The two programs, the limit and the relay's line cap.</param>
    /// <param name="cancellationToken">Kills both process trees when cancelled.</param>
    Task<JudgedRunResult> ExecuteJudgedAsync(JudgedRunRequest request, CancellationToken cancellationToken = default);
}
