using System.Diagnostics;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// What both executors offer: single programs (<see cref="ICodeExecutor"/>, for output that is feedback) and judged
/// runs (<see cref="IJudgedExecutor"/>, for verdicts), drawn from one pool of concurrency slots and uids. The executors
/// differ only in the command line that starts a program.
/// </summary>
/// <remarks>Thread-safe; at most <see cref="SandboxOptions.MaxConcurrency"/> runs go at once, the rest wait.</remarks>
public abstract class ProcessExecutor : ICodeExecutor, IJudgedExecutor
{
    private readonly ExecutionSlots slots;

    private protected ProcessExecutor(ExecutionSlots slots) => this.slots = slots;

    /// <inheritdoc cref="ICodeExecutor.Isolation" />
    public abstract string Isolation { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Languages => slots.Languages;

    /// <summary>True when each slot runs under its own unprivileged uid (we are root); false when programs share our uid.</summary>
    public bool UsesSlotUids => slots.IsRoot;

    private protected ExecutionSlots Slots => slots;

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) =>
        slots.RunAsync(request, BuildCommand, cancellationToken);

    /// <inheritdoc />
    public Task<JudgedRunResult> ExecuteJudgedAsync(JudgedRunRequest request, CancellationToken cancellationToken = default) =>
        slots.RunJudgedAsync(request, BuildCommand, cancellationToken);

    private protected abstract ProcessStartInfo BuildCommand(SlotContext context);
}
